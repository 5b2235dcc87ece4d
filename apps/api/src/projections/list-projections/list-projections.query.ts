import { Query } from '@nestjs/cqrs';
import type { ProjectionsView } from './projection-status.dto';

export class ListProjectionsQuery extends Query<ProjectionsView> {}

import { IsIn } from 'class-validator';
import { Optional } from '../../customers/commands/shared/validators';
import { granularityProperty, GRANULARITIES, PopulationParams, type GranularityParam } from '../shared/query-params';

export class GetChurnRequestDto extends PopulationParams {
  @granularityProperty()
  @Optional()
  @IsIn(GRANULARITIES)
  granularity?: GranularityParam;
}

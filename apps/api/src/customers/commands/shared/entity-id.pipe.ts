import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { RequestValidationError } from '../../../http/problem-details';
import { ENTITY_ID_PATTERN, ENTITY_ID_RULE } from './validators';

/** Path ids (customerId, complaintId): refused with 400 before they reach a stream name. */
@Injectable()
export class EntityIdPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (!ENTITY_ID_PATTERN.test(value)) {
      throw new RequestValidationError([{ field: metadata.data ?? 'id', message: `must be ${ENTITY_ID_RULE}` }]);
    }
    return value;
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { ClvModelStore } from '@lifeline/clv-fitting';
import { READ_MODEL_STORE, type ReadModelStore } from '@lifeline/read-store/port';

export type { CustomerClvDocument } from '@lifeline/clv-fitting';

/** The read-store home of fitted models (libs/clv-fitting), injectable in the API. */
@Injectable()
export class ClvStore extends ClvModelStore {
  constructor(@Inject(READ_MODEL_STORE) store: ReadModelStore) {
    super(store);
  }
}

import { Controller, Get, Headers, HttpStatus, Param, Query as QueryParams, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiHeader, ApiParam, ApiResponse } from '@nestjs/swagger';
import { CUSTOMER_PROFILES } from '@lifeline/projections/profile';
import type { Response } from 'express';
import { MinPosition, ReadModelFreshness, ReadYourWritesQueryDto } from '../../../http/read-your-writes';
import { ApiReadModelQuery } from '../../../http/read-your-writes.decorator';
import { EntityIdPipe } from '../../commands/shared/entity-id.pipe';
import { ENTITY_ID_PATTERN } from '../../commands/shared/validators';
import type { CustomerView } from '../shared/customer-view';
import { CustomerViewDto } from '../shared/customer-view.dto';
import { GetCustomerQuery } from './get-customer.query';
import { Access } from '../../../auth/access.decorator';

/**
 * Weak, because the body's tenureDays grows with the clock while the revision stays: the
 * representation is equivalent (same events), not byte-identical from one day to the next.
 */
export const profileEtag = (revision: number) => `W/"${revision}"`;

/** If-None-Match matches (weak comparison, RFC 9110 13.1.2): any listed tag with the same opaque part, or `*`. */
function matches(ifNoneMatch: string | undefined, revision: number): boolean {
  if (ifNoneMatch === undefined) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const trimmed = tag.trim();
    return trimmed === '*' || trimmed.replace(/^W\//, '') === `"${revision}"`;
  });
}

@Controller('customers')
export class GetCustomerHttpController {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly freshness: ReadModelFreshness,
  ) {}

  @Access('reader')
  @Get(':customerId')
  @ApiParam({ name: 'customerId', schema: { type: 'string', pattern: ENTITY_ID_PATTERN.source } })
  @ApiHeader({ name: 'If-None-Match', required: false, description: 'The ETag of a copy you hold; 304 when the customer has not changed since' })
  @ApiResponse({ status: HttpStatus.NOT_MODIFIED, description: 'No event for this customer since the revision in If-None-Match' })
  @ApiReadModelQuery({
    tag: 'customers (queries)',
    summary: "A customer's profile",
    description: 'ETag is W/"<revision>" (weak: tenureDays is computed per request). See docs/http-api.md.',
    answer: CustomerViewDto,
    errors: [404],
  })
  async get(
    @Param('customerId', EntityIdPipe) customerId: string,
    @QueryParams() _params: ReadYourWritesQueryDto,
    @MinPosition() minPosition: number | undefined,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CustomerView | undefined> {
    await this.freshness.awaitPosition(minPosition, [CUSTOMER_PROFILES]);
    const view = await this.queryBus.execute(new GetCustomerQuery(customerId, new Date().toISOString()));
    response.setHeader('ETag', profileEtag(view.revision));
    if (matches(ifNoneMatch, view.revision)) {
      response.status(HttpStatus.NOT_MODIFIED);
      return undefined;
    }
    return view;
  }
}

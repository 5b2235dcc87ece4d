/**
 * Compile-time check, run by `npm run typecheck` (nothing to execute): each analytics answer the
 * server sends and the schema documenting it describe the same JSON, both ways — everything
 * sent is documented with the same type (nullable where null is sent, the same enum values),
 * and nothing is documented that is not sent. Checked twice per operation:
 *
 * - against the response DTO class (the `@ApiProperty` declarations in apps/api/src/analytics);
 * - against the schema the OpenAPI document serves for the operation's success response, as
 *   openapi-typescript reads it (apps/dashboard/src/api/openapi-types.ts, kept equal to
 *   docs/openapi.json by apps/dashboard/test/openapi-types.spec.ts, itself kept equal to the
 *   served document by test/docs/openapi-document.e2e-spec.ts). This catches a decorator that
 *   says something other than the DTO's TypeScript type (a missing `nullable`, say), and a DTO
 *   wired to the wrong operation.
 *
 * When it fails, the error shows where they part: `sentNotDocumented` / `documentedNotSent`
 * keys, or `{sent, documented}` types. Fix the DTO (or the answer), then `npm run openapi`.
 */
import type { GetChurnHttpController } from '../../apps/api/src/analytics/churn/get-churn.http.controller';
import type { ChurnAnswerDto } from '../../apps/api/src/analytics/churn/churn-answer.dto';
import type { FitClvModelHttpController } from '../../apps/api/src/analytics/clv/fit-clv-model/fit-clv-model.http.controller';
import type { ClvDistributionAnswerDto } from '../../apps/api/src/analytics/clv/get-clv-distribution/clv-distribution-answer.dto';
import type { GetClvDistributionHttpController } from '../../apps/api/src/analytics/clv/get-clv-distribution/get-clv-distribution.http.controller';
import type { ClvModelDto } from '../../apps/api/src/analytics/clv/get-clv-model/clv-model.dto';
import type { GetClvModelHttpController } from '../../apps/api/src/analytics/clv/get-clv-model/get-clv-model.http.controller';
import type { CustomerClvAnswerDto } from '../../apps/api/src/analytics/clv/get-customer-clv/customer-clv-answer.dto';
import type { GetCustomerClvHttpController } from '../../apps/api/src/analytics/clv/get-customer-clv/get-customer-clv.http.controller';
import type { GetRetentionHttpController } from '../../apps/api/src/analytics/retention/get-retention.http.controller';
import type { RetentionAnswerDto } from '../../apps/api/src/analytics/retention/retention-answer.dto';
import type { GetRevenueHttpController } from '../../apps/api/src/analytics/revenue/get-revenue.http.controller';
import type { RevenueAnswerDto } from '../../apps/api/src/analytics/revenue/revenue-answer.dto';
import type { GetSatisfactionHttpController } from '../../apps/api/src/analytics/satisfaction/get-satisfaction.http.controller';
import type { SatisfactionAnswerDto } from '../../apps/api/src/analytics/satisfaction/satisfaction-answer.dto';
import type { AbcAnswerDto } from '../../apps/api/src/analytics/segmentation/abc-answer.dto';
import type { GetAbcHttpController } from '../../apps/api/src/analytics/segmentation/get-abc.http.controller';
import type { GetRfmHttpController } from '../../apps/api/src/analytics/segmentation/get-rfm.http.controller';
import type { RfmAnswerDto } from '../../apps/api/src/analytics/segmentation/rfm-answer.dto';
import type { GetSurvivalHttpController } from '../../apps/api/src/analytics/survival/get-survival.http.controller';
import type { SurvivalAnswerDto } from '../../apps/api/src/analytics/survival/survival-answer.dto';
import type { paths } from '../../apps/dashboard/src/api/openapi-types';

/** What a value is once sent as JSON: plain objects and arrays, nothing readonly, intersections merged, classes as their fields. */
type Json<T> = T extends readonly (infer E)[] ? Json<E>[] : T extends object ? { -readonly [K in keyof T]: Json<T[K]> } : T;

/** Identical types (not merely assignable one way): same keys, same optionality, same members of every union. */
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

/** Where two JSON types part, for the error message; never where they agree. */
type Difference<Sent, Documented> =
  Same<Sent, Documented> extends true
    ? never
    : [null extends Sent ? true : false, null extends Documented ? true : false] extends [true, true]
      ? Difference<Exclude<Sent, null>, Exclude<Documented, null>>
      : [Sent, Documented] extends [(infer S)[], (infer D)[]]
        ? { '[]': Difference<S, D> }
        : [Sent, Documented] extends [object, object]
          ? { sentNotDocumented: Exclude<keyof Sent, keyof Documented>; documentedNotSent: Exclude<keyof Documented, keyof Sent> } & {
              [K in keyof Sent & keyof Documented as Same<Sent[K], Documented[K]> extends true ? never : K]: Difference<Sent[K], Documented[K]>;
            }
          : { sent: Sent; documented: Documented };

/** `true` when the server's answer and the documentation describe the same JSON; otherwise where they differ. */
type Agrees<Sent, Documented> = Same<Json<Sent>, Json<Documented>> extends true ? true : Difference<Json<Sent>, Json<Documented>>;

/** What a controller method resolves to: the body the server sends. */
type Sent<Method> = Method extends (...args: never[]) => Promise<infer Answer> ? Answer : never;

/** The JSON body the OpenAPI document gives the operation's success response (200 or 201). */
type Served<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends { responses: infer R }
  ? { [S in keyof R]: S extends 200 | 201 ? (R[S] extends { content: { 'application/json': infer Body } } ? Body : never) : never }[keyof R]
  : never;

interface Operation<Answer, Dto, Document> {
  readonly dto: Agrees<Answer, Dto>;
  readonly document: Agrees<Answer, Document>;
}
const agree = { dto: true, document: true } as const;

export const analyticsAnswersAgree: {
  'GET /analytics/retention': Operation<Sent<GetRetentionHttpController['retention']>, RetentionAnswerDto, Served<'/analytics/retention', 'get'>>;
  'GET /analytics/survival': Operation<Sent<GetSurvivalHttpController['survival']>, SurvivalAnswerDto, Served<'/analytics/survival', 'get'>>;
  'GET /analytics/churn': Operation<Sent<GetChurnHttpController['churn']>, ChurnAnswerDto, Served<'/analytics/churn', 'get'>>;
  'GET /analytics/revenue': Operation<Sent<GetRevenueHttpController['revenue']>, RevenueAnswerDto, Served<'/analytics/revenue', 'get'>>;
  'POST /analytics/clv/model': Operation<Sent<FitClvModelHttpController['fit']>, ClvModelDto, Served<'/analytics/clv/model', 'post'>>;
  'GET /analytics/clv/model': Operation<Sent<GetClvModelHttpController['model']>, ClvModelDto, Served<'/analytics/clv/model', 'get'>>;
  'GET /analytics/clv': Operation<Sent<GetClvDistributionHttpController['distribution']>, ClvDistributionAnswerDto, Served<'/analytics/clv', 'get'>>;
  'GET /customers/{customerId}/clv': Operation<Sent<GetCustomerClvHttpController['clv']>, CustomerClvAnswerDto, Served<'/customers/{customerId}/clv', 'get'>>;
  'GET /analytics/satisfaction': Operation<Sent<GetSatisfactionHttpController['satisfaction']>, SatisfactionAnswerDto, Served<'/analytics/satisfaction', 'get'>>;
  'GET /analytics/rfm': Operation<Sent<GetRfmHttpController['rfm']>, RfmAnswerDto, Served<'/analytics/rfm', 'get'>>;
  'GET /analytics/abc': Operation<Sent<GetAbcHttpController['abc']>, AbcAnswerDto, Served<'/analytics/abc', 'get'>>;
} = {
  'GET /analytics/retention': agree,
  'GET /analytics/survival': agree,
  'GET /analytics/churn': agree,
  'GET /analytics/revenue': agree,
  'POST /analytics/clv/model': agree,
  'GET /analytics/clv/model': agree,
  'GET /analytics/clv': agree,
  'GET /customers/{customerId}/clv': agree,
  'GET /analytics/satisfaction': agree,
  'GET /analytics/rfm': agree,
  'GET /analytics/abc': agree,
};

import fc from 'fast-check';
import { customerProfileProjection } from '@lifeline/projections/profile';
import { customerHistoryArbitrary } from '@lifeline/projections/testing';
import { ALL_PROJECTIONS, findProjection, projectionByName, UnknownProjectionError } from './catalog';

describe('projection catalogue', () => {
  it('holds the five read models under their collection names', () => {
    expect(ALL_PROJECTIONS.map((p) => p.name)).toEqual(['customer-profiles', 'customer-timelines', 'complaints', 'purchase-histories', 'satisfaction-answers']);
  });

  it('names are unique, and every projection declares a version and at least one index', () => {
    expect(new Set(ALL_PROJECTIONS.map((p) => p.name)).size).toBe(ALL_PROJECTIONS.length);
    for (const projection of ALL_PROJECTIONS) {
      expect(projection.version).toBeGreaterThanOrEqual(1);
      expect(projection.indexes.length).toBeGreaterThan(0);
    }
  });

  it('finds a projection by name', () => {
    expect(projectionByName('customer-profiles')).toBe(customerProfileProjection);
    expect(findProjection('nope')).toBeUndefined();
  });

  it('an unknown name is an error that lists the known names', () => {
    expect(() => projectionByName('profiles')).toThrow(UnknownProjectionError);
    expect(() => projectionByName('profiles')).toThrow(
      'unknown projection "profiles"; known projections: customer-profiles, customer-timelines, complaints, purchase-histories, satisfaction-answers',
    );
  });

  // The runtime never reads such documents back (see DocumentProjection.documentPerEvent), so a
  // projection that declares it but folds documents together would silently lose history.
  // The exception it declares (rewritesEarlierDocuments: an erasure) is held by incremental-equals-rebuild.
  it.each(ALL_PROJECTIONS.filter((p) => p.documentPerEvent).map((p) => [p.name, p] as const))(
    '%s keeps its documentPerEvent promise: no key is shared by two events, and a document comes from its event alone (erasures aside)',
    (_name, projection) => {
      fc.assert(
        fc.property(customerHistoryArbitrary(), (events) => {
          const owner = new Map<string, number>();
          events.forEach((event, i) => {
            if (projection.rewritesEarlierDocuments?.(event)) return;
            for (const key of projection.keysOf(event)) {
              expect(owner.get(key) ?? i).toBe(i);
              owner.set(key, i);
              const fresh = projection.evolve(undefined, event, key);
              const other = events.filter((e) => !projection.rewritesEarlierDocuments?.(e))[(i + 1) % events.length] ?? event;
              const unrelated = projection.evolve(undefined, other, projection.keysOf(other)[0] ?? key);
              expect(projection.evolve(unrelated, event, key)).toStrictEqual(fresh);
            }
          });
        }),
        { numRuns: 100 },
      );
    },
  );
});

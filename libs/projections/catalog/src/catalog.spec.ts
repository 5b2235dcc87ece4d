import { customerProfileProjection } from '@lifeline/projections/profile';
import { ALL_PROJECTIONS, findProjection, projectionByName, UnknownProjectionError } from './catalog';

describe('projection catalogue', () => {
  it('holds the four read models under their collection names', () => {
    expect(ALL_PROJECTIONS.map((p) => p.name)).toEqual(['customer-profiles', 'customer-timelines', 'complaints', 'purchase-histories']);
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
      'unknown projection "profiles"; known projections: customer-profiles, customer-timelines, complaints, purchase-histories',
    );
  });
});

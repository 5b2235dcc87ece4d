import fc from 'fast-check';
import { GrowingMap } from './growing-map';

describe('GrowingMap', () => {
  it('answers like a plain map after any sequence of writes', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('a', 'b', 'c', 'd', 'e'), fc.integer())), (writes) => {
        const expected = new Map<string, number>();
        let map = GrowingMap.empty<string, number>();
        for (const [key, value] of writes) {
          expected.set(key, value);
          map = map.set(key, value);
        }
        expect(map.size).toBe(expected.size);
        expect([...map.entries()]).toEqual([...expected.entries()]);
        for (const key of ['a', 'b', 'c', 'd', 'e']) expect(map.get(key)).toBe(expected.get(key));
      }),
    );
  });

  it('never changes a map once made: older maps keep their entries after later writes', () => {
    const empty = GrowingMap.empty<string, string>();
    const one = empty.set('k-1', 'filed');
    const two = one.set('k-2', 'filed');
    const resolved = two.set('k-1', 'resolved');

    expect(empty.has('k-1')).toBe(false);
    expect(one.get('k-1')).toBe('filed');
    expect(one.has('k-2')).toBe(false);
    expect(two.get('k-1')).toBe('filed');
    expect(resolved.get('k-1')).toBe('resolved');
    expect([one.size, two.size, resolved.size]).toEqual([1, 2, 2]);
  });

  it('keeps branches apart when two different writes are made on the same map', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.string({ maxLength: 2 }), fc.nat())),
        fc.array(fc.tuple(fc.string({ maxLength: 2 }), fc.nat())),
        fc.array(fc.tuple(fc.string({ maxLength: 2 }), fc.nat())),
        (trunk, left, right) => {
          const apply = (map: GrowingMap<string, number>, writes: [string, number][]) => writes.reduce((m, [k, v]) => m.set(k, v), map);
          const plain = (writes: [string, number][]) => [...new Map(writes).entries()];
          const base = apply(GrowingMap.empty(), trunk);
          const a = apply(base, left);
          const b = apply(base, right); // branches off `base` after `a` has grown the shared journal
          expect([...base.entries()]).toEqual(plain(trunk));
          expect([...a.entries()]).toEqual(plain([...trunk, ...left]));
          expect([...b.entries()]).toEqual(plain([...trunk, ...right]));
        },
      ),
    );
  });

  it('serialises as its entries', () => {
    expect(JSON.stringify(GrowingMap.of([['o-1', true], ['o-2', true]]))).toBe('[["o-1",true],["o-2",true]]');
  });
});

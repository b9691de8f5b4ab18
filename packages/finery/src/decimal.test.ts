import { fromDecimal, toDecimal, volumeUnits } from './decimal';

describe('fixed point (finery.md §9)', () => {
  it('formats and parses 1e-8 units without floats', () => {
    expect(toDecimal(12_345_000_000)).toBe('123.45');
    expect(toDecimal(-1)).toBe('-0.00000001');
    expect(toDecimal(100_000_000n)).toBe('1');
    expect(fromDecimal('123.45')).toBe(12_345_000_000);
    expect(fromDecimal('0.00000001')).toBe(1);
    expect(fromDecimal('-2')).toBe(-200_000_000);
    expect(() => fromDecimal('1.000000001')).toThrow(RangeError);
    expect(() => fromDecimal('1e5')).toThrow(RangeError);
    expect(() => toDecimal(1.5)).toThrow(RangeError);
  });

  it('computes volume as price × size / 1e8 (documented example)', () => {
    expect(volumeUnits(999_900_000_000, 2_000_000)).toBe(19_998_000_000);
  });
});

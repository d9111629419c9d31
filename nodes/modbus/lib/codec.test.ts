import { describe, expect, it } from 'vitest';
import { decodeValues, encodeValues, splitSpan, toEngineering, toRaw, WORD_ORDERS, type DataType } from './codec.js';

describe('Modbus value codec', () => {
  it('places the bytes of a 32-bit value as each order names them', () => {
    // 0x11223344: A=11 B=22 C=33 D=44
    const v = 0x11223344;
    expect(encodeValues([v], 'uint32', 'ABCD')).toEqual([0x1122, 0x3344]);
    expect(encodeValues([v], 'uint32', 'CDAB')).toEqual([0x3344, 0x1122]);
    expect(encodeValues([v], 'uint32', 'BADC')).toEqual([0x2211, 0x4433]);
    expect(encodeValues([v], 'uint32', 'DCBA')).toEqual([0x4433, 0x2211]);
  });

  it('decodes a float32 as PLC manuals print it (123.456 = 0x42F6E979)', () => {
    expect(decodeValues([0x42f6, 0xe979], 'float32', 'ABCD', 1)[0]).toBeCloseTo(123.456, 3);
    expect(decodeValues([0xe979, 0x42f6], 'float32', 'CDAB', 1)[0]).toBeCloseTo(123.456, 3);
    expect(decodeValues([0xf642, 0x79e9], 'float32', 'BADC', 1)[0]).toBeCloseTo(123.456, 3);
    expect(decodeValues([0x79e9, 0xf642], 'float32', 'DCBA', 1)[0]).toBeCloseTo(123.456, 3);
  });

  it('orders the four words of a float64 by the same rules', () => {
    const be = encodeValues([1.5], 'float64', 'ABCD'); // 0x3FF8000000000000
    expect(be).toEqual([0x3ff8, 0, 0, 0]);
    expect(encodeValues([1.5], 'float64', 'CDAB')).toEqual([0, 0, 0, 0x3ff8]);
    expect(encodeValues([1.5], 'float64', 'BADC')).toEqual([0xf83f, 0, 0, 0]);
    expect(encodeValues([1.5], 'float64', 'DCBA')).toEqual([0, 0, 0, 0xf83f]);
  });

  it('16-bit values swap their bytes only under BADC and DCBA; signed values keep their sign', () => {
    expect(encodeValues([-2], 'int16', 'ABCD')).toEqual([0xfffe]);
    expect(encodeValues([0x1234], 'uint16', 'CDAB')).toEqual([0x1234]);
    expect(encodeValues([0x1234], 'uint16', 'BADC')).toEqual([0x3412]);
    expect(decodeValues([0xfffe], 'int16', 'ABCD', 1)).toEqual([-2]);
    expect(decodeValues([0xffff, 0xfffe], 'int32', 'ABCD', 1)).toEqual([-2]);
  });

  const samples: Record<DataType, number[]> = {
    int16: [-32768, -1, 0, 32767],
    uint16: [0, 1, 65535],
    int32: [-2147483648, -123456, 2147483647],
    uint32: [0, 70000, 4294967295],
    float32: [-1.5, 0, 65.25, 3.4028234663852886e38],
    float64: [-1e-300, Math.PI, 1e300],
  };
  for (const [type, values] of Object.entries(samples) as Array<[DataType, number[]]>)
    for (const order of WORD_ORDERS)
      it(`round-trips ${type} in ${order}`, () => {
        expect(decodeValues(encodeValues(values, type, order), type, order, values.length)).toEqual(values);
      });

  it('refuses values a type cannot hold, naming them', () => {
    expect(() => encodeValues([65536], 'uint16', 'ABCD')).toThrow(/65536 is not a uint16/);
    expect(() => encodeValues([1.5], 'int32', 'ABCD')).toThrow(/1.5 is not a int32/);
    expect(() => encodeValues([Number.NaN], 'float32', 'ABCD')).toThrow(/not a finite number/);
    expect(() => decodeValues([1], 'float32', 'ABCD', 1)).toThrow(/need 2 registers, got 1/);
  });

  it('scales linearly both ways', () => {
    const s = { rawLow: 0, rawHigh: 27648, engLow: 0, engHigh: 100 };
    expect(toEngineering(13824, s)).toBe(50);
    expect(toRaw(25, s)).toBe(6912);
    expect(toEngineering(653, { rawLow: 0, rawHigh: 10, engLow: 0, engHigh: 1 })).toBeCloseTo(65.3);
  });

  it('splits a long span into protocol-sized requests without cutting a value in two', () => {
    expect(splitSpan(0, 300, 125)).toEqual([
      { address: 0, quantity: 125 },
      { address: 125, quantity: 125 },
      { address: 250, quantity: 50 },
    ]);
    // float64 = 4 registers: 124 per request, never 125
    expect(splitSpan(10, 256, 125, 4)).toEqual([
      { address: 10, quantity: 124 },
      { address: 134, quantity: 124 },
      { address: 258, quantity: 8 },
    ]);
    expect(splitSpan(0, 2, 125, 2)).toEqual([{ address: 0, quantity: 2 }]);
  });
});

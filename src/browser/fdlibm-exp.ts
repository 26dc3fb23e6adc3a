/**
 * Math.exp as Node's V8 computes it (fdlibm's __ieee754_exp, FreeBSD msun's form), for the page's
 * worker. Chromium's V8 now returns correctly rounded exp, which differs from Node 20's in the last
 * bit for some inputs (exp(1.7): 5.4739473917272 in Chromium, 5.473947391727199 in Node). A sigmoid
 * network amplifies one-ulp differences over epochs, so a run in the page would drift from the
 * kernel's (measured: 04's [784, 100, 10] seed 4 got stuck in the page and not in the kernel). With
 * this port the page trains bit for bit as the kernel does (checked equal to Node's Math.exp on
 * 5,000,000 inputs by test/unit/browser-shims.test.ts); ./fdlibm-more does log, sin and cos.
 * Math.tanh and Math.pow still differ in the last bit (tanh networks in the page drift from the kernel).
 */
const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer); // little-endian: u32[1] is the high word
const HALF = [0.5, -0.5];
const LN2_HI = [6.9314718036912381649e-1, -6.9314718036912381649e-1];
const LN2_LO = [1.90821492927058770002e-10, -1.90821492927058770002e-10];
const HUGE = 1.0e300,
  TWO_M1000 = 9.3326361850321887899e-302,
  TWO_1023 = 8.988465674311579539e307;
const O_THRESHOLD = 7.09782712893383973096e2,
  U_THRESHOLD = -7.4513321910194110842e2;
const INV_LN2 = 1.442695040888963387;
const P1 = 1.66666666666666019037e-1,
  P2 = -2.77777777770155933842e-3,
  P3 = 6.61375632143793436117e-5;
const P4 = -1.6533902205465251539e-6,
  P5 = 4.13813679705723846039e-8;

export function fdlibmExp(x: number): number {
  f64[0] = x;
  let hx = u32[1];
  const xsb = hx >>> 31;
  hx &= 0x7fffffff;
  let hi = 0,
    lo = 0,
    k = 0;
  if (hx >= 0x40862e42) {
    // |x| ≥ 709.78…: non-finite, overflow or underflow
    if (hx >= 0x7ff00000) return ((hx & 0xfffff) | u32[0]) !== 0 ? x + x : xsb === 0 ? x : 0;
    if (x > O_THRESHOLD) return HUGE * HUGE;
    if (x < U_THRESHOLD) return TWO_M1000 * TWO_M1000;
  }
  if (hx > 0x3fd62e42) {
    // argument reduction: x = k·ln2 + r, |r| ≤ 0.5·ln2
    if (hx < 0x3ff0a2b2) {
      hi = x - LN2_HI[xsb];
      lo = LN2_LO[xsb];
      k = 1 - xsb - xsb;
    } else {
      k = (INV_LN2 * x + HALF[xsb]) | 0;
      hi = x - k * LN2_HI[0];
      lo = k * LN2_LO[0];
    }
    x = hi - lo;
  } else if (hx < 0x3e300000) {
    // |x| < 2⁻²⁸
    if (HUGE + x > 1) return 1 + x;
  }
  const t = x * x;
  const c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k === 0) return 1 - ((x * c) / (c - 2.0) - x);
  const y = 1 - (lo - (x * c) / (2.0 - c) - hi);
  u32[0] = 0;
  if (k >= -1021) {
    if (k === 1024) return y * 2.0 * TWO_1023;
    u32[1] = (0x3ff00000 + (k << 20)) | 0;
    return y * f64[0];
  }
  u32[1] = (0x3ff00000 + ((k + 1000) << 20)) | 0;
  return y * f64[0] * TWO_M1000;
}

/**
 * f32 special functions in WGSL. WGSL leaves pow(x<0), NaN handling of min/max and
 * tanh overflow to the implementation, and has no erf or log1p, so these are written
 * out. NaN tests use the bit pattern and inequality is written `!(a == b)`: lavapipe
 * compiles `!=` on floats as an ordered compare (false for NaN) and folds `x != x`.
 */

// Through a var: a constant NaN or infinity is a shader-creation error in WGSL.
export const NAN_F32 = 'nan_f()';
export const INF_F32 = 'inf_f()';

export const WGSL_MATH = /* wgsl */ `
fn nan_f() -> f32 { var b = 0x7fc00000u; return bitcast<f32>(b); }
fn inf_f() -> f32 { var b = 0x7f800000u; return bitcast<f32>(b); }
fn isnan_f(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) > 0x7f800000u; }

// Builtins guarded where implementations differ: SwiftShader returns inf for exp(NaN)
// and about -88 for log(0).
fn exp_f(x: f32) -> f32 { return select(exp(x), x, isnan_f(x)); }

fn log_f(x: f32) -> f32 {
  if (x == 0.0) { return -inf_f(); }
  if (x < 0.0) { return nan_f(); }
  if (isnan_f(x) || x == inf_f()) { return x; }
  return log(x);
}

// sin and cos: WGSL only promises 2^-11 absolute error (SwiftShader is that coarse), so
// reduce by π/2 in three parts (Cody–Waite) and use Taylor polynomials on [-π/4, π/4].
fn sin_poly(r: f32) -> f32 {
  let z = r * r;
  return r + r * z * (-0.16666666667 + z * (0.0083333333333 + z * (-0.00019841269841 + z * 2.7557319224e-6)));
}

fn cos_poly(r: f32) -> f32 {
  let z = r * r;
  return 1.0 + z * (-0.5 + z * (0.041666666667 + z * (-0.0013888888889 + z * (0.000024801587302 + z * -2.7557319224e-7))));
}

// (sin x, cos x); accurate to a few ulps for |x| < 8192, NaN for non-finite x.
fn sincos_f(x: f32) -> vec2<f32> {
  if (isnan_f(x) || abs(x) == inf_f()) { return vec2<f32>(nan_f(), nan_f()); }
  let j = round(x * 0.63661977236758134);
  let r = ((x - j * 1.5703125) - j * 4.837512969970703125e-4) - j * 7.54978995489188216e-8;
  let s = sin_poly(r);
  let c = cos_poly(r);
  let q = i32(j) & 3;
  if (q == 0) { return vec2<f32>(s, c); }
  if (q == 1) { return vec2<f32>(c, -s); }
  if (q == 2) { return vec2<f32>(-s, -c); }
  return vec2<f32>(-c, s);
}

// erfc for z >= 0: Chebyshev-fitted form with fractional error < 1.2e-7 (Numerical Recipes' erfcc).
fn erfc_pos(z: f32) -> f32 {
  let t = 1.0 / (1.0 + 0.5 * z);
  let p = -1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806
    + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  return t * exp(p - z * z);
}

// erf: Maclaurin series below 0.5 (keeps relative accuracy near 0), 1 - erfc above.
fn erf_f(x: f32) -> f32 {
  let a = abs(x);
  if (a < 0.5) {
    let z = x * x;
    return x * (1.1283791671 + z * (-0.37612638903 + z * (0.11283791671 + z * (-0.026866170645
      + z * (0.0052239776254 + z * (-0.00085483270235 + z * (0.00012055332982 + z * -0.000014925650358)))))));
  }
  if (isnan_f(x)) { return x; }
  let r = 1.0 - erfc_pos(a);
  return select(r, -r, x < 0.0);
}

// gelu (erf form); on the far negative side use erfc so the tail keeps relative accuracy.
fn gelu_f(x: f32) -> f32 {
  let z = x * 0.70710678118654752;
  if (z < -0.5) { return 0.5 * x * erfc_pos(-z); }
  return 0.5 * x * (1.0 + erf_f(z));
}

// log1p via 2·atanh(x / (2 + x)) near 0: no 1 + x rounding, no reliance on (1 + x) - 1
// surviving the optimiser (it does not on lavapipe).
fn log1p_f(x: f32) -> f32 {
  if (abs(x) < 0.5) {
    let s = x / (2.0 + x);
    let z = s * s;
    return 2.0 * s * (1.0 + z * (0.33333333333 + z * (0.2 + z * (0.14285714286 + z * (0.11111111111 + z * (0.09090909091 + z * 0.07692307692))))));
  }
  return log_f(1.0 + x);
}

// tanh: odd polynomial near 0 (relative accuracy), 1 - 2/(e^{2|x|}+1) beyond (saturates cleanly).
fn tanh_f(x: f32) -> f32 {
  let a = abs(x);
  if (a < 0.625) {
    let s = x * x;
    return x + x * s * ((((-5.70498872745e-3 * s + 2.06390887954e-2) * s - 5.37397155531e-2) * s
      + 1.33314422036e-1) * s - 3.33332819422e-1);
  }
  if (isnan_f(x)) { return x; }
  let r = 1.0 - 2.0 / (exp(min(2.0 * a, 80.0)) + 1.0);
  return select(r, -r, x < 0.0);
}

fn sigmoid_f(x: f32) -> f32 { return select(1.0 / (1.0 + exp(-x)), x, isnan_f(x)); }

fn sign_f(x: f32) -> f32 {
  if (x > 0.0) { return 1.0; }
  if (x < 0.0) { return -1.0; }
  return select(0.0, x, isnan_f(x));
}

fn max_f(a: f32, b: f32) -> f32 {
  if (isnan_f(a)) { return a; }
  if (isnan_f(b)) { return b; }
  return select(b, a, a > b);
}

fn min_f(a: f32, b: f32) -> f32 {
  if (isnan_f(a)) { return a; }
  if (isnan_f(b)) { return b; }
  return select(b, a, a < b);
}

// x^n for a whole |n| <= 64 by repeated squaring: exact sign, better accuracy than exp2(n log2 x).
fn powi_f(a: f32, b: f32) -> f32 {
  var e = u32(abs(b));
  var base = a;
  var r = 1.0;
  loop {
    if ((e & 1u) != 0u) { r = r * base; }
    e = e >> 1u;
    if (e == 0u) { break; }
    base = base * base;
  }
  return select(r, 1.0 / r, b < 0.0);
}

fn pow_f(a: f32, b: f32) -> f32 {
  if (b == 0.0 || a == 1.0) { return 1.0; }
  if (isnan_f(a) || isnan_f(b)) { return ${NAN_F32}; }
  let whole = floor(b) == b;
  if (whole && abs(b) <= 64.0) { return powi_f(a, b); }
  if (a == 0.0) { return select(0.0, ${INF_F32}, b < 0.0); }
  if (a < 0.0) {
    if (!whole) { return ${NAN_F32}; }
    let r = exp2(b * log2(-a));
    let odd = abs(b) < 16777216.0 && (b * 0.5 != floor(b * 0.5));
    return select(r, -r, odd);
  }
  return exp2(b * log2(a));
}

// Integer power with wrap-around; a negative exponent gives 1/a^n truncated (0 unless |a| = 1).
fn pow_i(a: i32, b: i32) -> i32 {
  if (b < 0) {
    if (a == 1) { return 1; }
    if (a == -1) { return select(1, -1, (b & 1) != 0); }
    return 0;
  }
  var e = u32(b);
  var base = a;
  var r = 1;
  loop {
    if (e == 0u) { break; }
    if ((e & 1u) != 0u) { r = r * base; }
    e = e >> 1u;
    base = base * base;
  }
  return r;
}
`;

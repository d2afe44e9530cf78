//! The statistics behind the lag analysis: Student's t distribution (through the regularized
//! incomplete beta function), Welch's unequal-variances t test with its confidence interval, and
//! the Benjamini–Hochberg procedure for controlling the false discovery rate.
//!
//! Written here rather than pulled in from a crate: it is about a hundred lines, checked against
//! published table values in the tests below.

/// Natural log of the gamma function for `x > 0` (Lanczos approximation, g = 7, 9 terms;
/// relative error around 1e-15).
pub fn ln_gamma(x: f64) -> f64 {
    const G: f64 = 7.0;
    const C: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        // Reflection formula.
        let pi = std::f64::consts::PI;
        return (pi / (pi * x).sin()).ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let mut a = C[0];
    for (i, c) in C.iter().enumerate().skip(1) {
        a += c / (x + i as f64);
    }
    let t = x + G + 0.5;
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + a.ln()
}

/// Continued fraction for the incomplete beta function (modified Lentz's method).
fn beta_cf(a: f64, b: f64, x: f64) -> f64 {
    const TINY: f64 = 1e-300;
    const EPS: f64 = 1e-15;
    const MAX_ITER: u32 = 10_000;
    let fix = |v: f64| if v.abs() < TINY { TINY } else { v };
    let (qab, qap, qam) = (a + b, a + 1.0, a - 1.0);
    let mut c = 1.0;
    let mut d = 1.0 / fix(1.0 - qab * x / qap);
    let mut h = d;
    for m in 1..=MAX_ITER {
        let m = f64::from(m);
        let m2 = 2.0 * m;
        let aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1.0 / fix(1.0 + aa * d);
        c = fix(1.0 + aa / c);
        h *= d * c;
        let aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1.0 / fix(1.0 + aa * d);
        c = fix(1.0 + aa / c);
        let del = d * c;
        h *= del;
        if (del - 1.0).abs() < EPS {
            break;
        }
    }
    h
}

/// The regularized incomplete beta function I_x(a, b) for `a, b > 0`, `x` clamped to 0..=1.
pub fn reg_inc_beta(a: f64, b: f64, x: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if x >= 1.0 {
        return 1.0;
    }
    let ln_front = ln_gamma(a + b) - ln_gamma(a) - ln_gamma(b) + a * x.ln() + b * (1.0 - x).ln();
    let front = ln_front.exp();
    if x < (a + 1.0) / (a + b + 2.0) { front * beta_cf(a, b, x) / a } else { 1.0 - front * beta_cf(b, a, 1.0 - x) / b }
}

/// P(|T| ≥ |t|) for Student's t with `df` degrees of freedom (the two-sided p-value).
pub fn t_two_sided_p(t: f64, df: f64) -> f64 {
    if t.is_infinite() {
        return 0.0;
    }
    reg_inc_beta(df / 2.0, 0.5, df / (df + t * t)).clamp(0.0, 1.0)
}

/// The cumulative distribution function of Student's t with `df` degrees of freedom.
pub fn t_cdf(t: f64, df: f64) -> f64 {
    let tail = 0.5 * t_two_sided_p(t, df);
    if t > 0.0 { 1.0 - tail } else { tail }
}

/// The density of Student's t with `df` degrees of freedom.
pub fn t_pdf(t: f64, df: f64) -> f64 {
    let ln = ln_gamma((df + 1.0) / 2.0)
        - ln_gamma(df / 2.0)
        - 0.5 * (df * std::f64::consts::PI).ln()
        - (df + 1.0) / 2.0 * (t * t / df).ln_1p();
    ln.exp()
}

/// The standard normal quantile (Acklam's rational approximation, relative error < 1.2e-9).
pub fn normal_quantile(p: f64) -> f64 {
    const A: [f64; 6] = [
        -3.969_683_028_665_376e1,
        2.209_460_984_245_205e2,
        -2.759_285_104_469_687e2,
        1.383_577_518_672_69e2,
        -3.066_479_806_614_716e1,
        2.506_628_277_459_239,
    ];
    const B: [f64; 5] = [
        -5.447_609_879_822_406e1,
        1.615_858_368_580_409e2,
        -1.556_989_798_598_866e2,
        6.680_131_188_771_972e1,
        -1.328_068_155_288_572e1,
    ];
    const C: [f64; 6] = [
        -7.784_894_002_430_293e-3,
        -3.223_964_580_411_365e-1,
        -2.400_758_277_161_838,
        -2.549_732_539_343_734,
        4.374_664_141_464_968,
        2.938_163_982_698_783,
    ];
    const D: [f64; 4] =
        [7.784_695_709_041_462e-3, 3.224_671_290_700_398e-1, 2.445_134_137_142_996, 3.754_408_661_907_416];
    const LOW: f64 = 0.024_25;
    if p <= 0.0 {
        return f64::NEG_INFINITY;
    }
    if p >= 1.0 {
        return f64::INFINITY;
    }
    let tail = |q: f64| {
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    };
    if p < LOW {
        tail((-2.0 * p.ln()).sqrt())
    } else if p > 1.0 - LOW {
        -tail((-2.0 * (1.0 - p).ln()).sqrt())
    } else {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    }
}

/// The `p` quantile of Student's t with `df > 0` degrees of freedom.
///
/// Closed forms for 1 and 2 degrees of freedom; otherwise Newton's method on [`t_cdf`], started
/// from the Cornish–Fisher expansion around the normal quantile and kept inside a shrinking
/// bracket (bisection when a Newton step would leave it).
pub fn t_quantile(p: f64, df: f64) -> f64 {
    if !(0.0..=1.0).contains(&p) || df.is_nan() || df <= 0.0 {
        return f64::NAN;
    }
    if p == 0.5 {
        return 0.0;
    }
    if p < 0.5 {
        return -t_quantile(1.0 - p, df);
    }
    if p == 1.0 {
        return f64::INFINITY;
    }
    if df == 1.0 {
        return (std::f64::consts::PI * (p - 0.5)).tan();
    }
    if df == 2.0 {
        return (2.0 * p - 1.0) / (2.0 * p * (1.0 - p)).sqrt();
    }
    let z = normal_quantile(p);
    let (z3, z5) = (z.powi(3), z.powi(5));
    let mut t = z + (z3 + z) / (4.0 * df) + (5.0 * z5 + 16.0 * z3 + 3.0 * z) / (96.0 * df * df);
    let (mut lo, mut hi) = (0.0_f64, f64::INFINITY);
    for _ in 0..200 {
        let f = t_cdf(t, df) - p;
        if f == 0.0 {
            break;
        }
        if f < 0.0 {
            lo = t;
        } else {
            hi = t;
        }
        let mut next = t - f / t_pdf(t, df);
        if !(next > lo && next < hi) {
            next = if hi.is_finite() { 0.5 * (lo + hi) } else { 2.0 * t.max(1.0) };
        }
        if (next - t).abs() <= 1e-13 * t.abs().max(1.0) {
            t = next;
            break;
        }
        t = next;
    }
    t
}

/// Summary of one sample: size, mean and unbiased variance.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Sample {
    /// Number of observations.
    pub n: usize,
    /// Their mean.
    pub mean: f64,
    /// Their unbiased (n − 1) variance; 0 when `n < 2`.
    pub var: f64,
}

impl Sample {
    /// The sample summarised from a count, a sum and a sum of squares (exact for integer data).
    pub fn from_sums(n: usize, sum: f64, sum_sq: f64) -> Sample {
        if n == 0 {
            return Sample { n, mean: 0.0, var: 0.0 };
        }
        let nf = n as f64;
        let mean = sum / nf;
        let var = if n < 2 { 0.0 } else { ((sum_sq - sum * mean) / (nf - 1.0)).max(0.0) };
        Sample { n, mean, var }
    }

    /// The sample summarised from a count, a mean and the sum of squared deviations `ss` of the
    /// observations from the means of the `groups` groups they were measured against.
    ///
    /// Each estimated group mean costs one degree of freedom, so the variance is the pooled
    /// within-group variance `ss / (n − groups)` (0 when `n ≤ groups`). With `groups == 1` and
    /// `ss` taken around the sample's own mean this is the ordinary unbiased variance, as
    /// [`Sample::from_sums`] gives.
    pub fn pooled(n: usize, mean: f64, ss: f64, groups: usize) -> Sample {
        let var = if n > groups { (ss / (n - groups) as f64).max(0.0) } else { 0.0 };
        Sample { n, mean, var }
    }
}

/// The outcome of a Welch test of `a − b`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Welch {
    /// Difference of means, `a.mean − b.mean`.
    pub diff: f64,
    /// Lower end of the confidence interval of the difference.
    pub ci_low: f64,
    /// Upper end of the confidence interval of the difference.
    pub ci_high: f64,
    /// Two-sided p-value of "no difference".
    pub p_value: f64,
    /// Welch–Satterthwaite degrees of freedom.
    pub df: f64,
}

/// Welch's unequal-variances t test of the difference `a.mean − b.mean`, with a two-sided
/// confidence interval at `level` (e.g. 0.95).
///
/// Standard error `se = √(va/na + vb/nb)`, degrees of freedom by Welch–Satterthwaite
/// `df = se⁴ / ((va/na)²/(na−1) + (vb/nb)²/(nb−1))`, interval `diff ± t(1 − α/2, df) · se`,
/// p-value `P(|T_df| ≥ |diff| / se)`. `None` when either sample has fewer than 2 observations.
/// When both variances are 0 the interval collapses to the difference itself and the p-value is
/// 1 for no difference and 0 otherwise.
pub fn welch(a: Sample, b: Sample, level: f64) -> Option<Welch> {
    if a.n < 2 || b.n < 2 {
        return None;
    }
    let diff = a.mean - b.mean;
    let (ua, ub) = (a.var / a.n as f64, b.var / b.n as f64);
    let se2 = ua + ub;
    if se2 <= 0.0 {
        let p_value = if diff == 0.0 { 1.0 } else { 0.0 };
        let df = (a.n + b.n - 2) as f64;
        return Some(Welch { diff, ci_low: diff, ci_high: diff, p_value, df });
    }
    let se = se2.sqrt();
    let df = se2 * se2 / (ua * ua / (a.n as f64 - 1.0) + ub * ub / (b.n as f64 - 1.0));
    let half = t_quantile(0.5 + level / 2.0, df) * se;
    let p_value = t_two_sided_p(diff / se, df);
    Some(Welch { diff, ci_low: diff - half, ci_high: diff + half, p_value, df })
}

/// Benjamini–Hochberg adjusted p-values ("q-values"), in the order given.
///
/// With the m p-values sorted ascending, `q₍ᵢ₎ = min over j ≥ i of min(1, m·p₍ⱼ₎/j)`. Rejecting
/// every hypothesis with `q ≤ α` is the Benjamini–Hochberg step-up procedure, which keeps the
/// expected share of false discoveries among the rejected at most `α` (for independent or
/// positively dependent tests).
pub fn bh_adjust(p: &[f64]) -> Vec<f64> {
    let m = p.len();
    let mut order: Vec<usize> = (0..m).collect();
    order.sort_by(|&i, &j| p[i].total_cmp(&p[j]));
    let mut q = vec![1.0; m];
    let mut running = 1.0_f64;
    for (rank, &i) in order.iter().enumerate().rev() {
        running = running.min(p[i] * m as f64 / (rank + 1) as f64).min(1.0);
        q[i] = running;
    }
    q
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol
    }

    #[test]
    fn ln_gamma_matches_factorials() {
        // Γ(n) = (n − 1)!
        assert!(close(ln_gamma(1.0), 0.0, 1e-13));
        assert!(close(ln_gamma(5.0), 24f64.ln(), 1e-13));
        assert!(close(ln_gamma(11.0), 3_628_800f64.ln(), 1e-12));
        // Γ(1/2) = √π
        assert!(close(ln_gamma(0.5), std::f64::consts::PI.sqrt().ln(), 1e-13));
    }

    #[test]
    fn incomplete_beta_matches_closed_forms() {
        // I_x(1, 1) = x; I_x(a, 1) = x^a.
        assert!(close(reg_inc_beta(1.0, 1.0, 0.3), 0.3, 1e-14));
        assert!(close(reg_inc_beta(3.0, 1.0, 0.5), 0.125, 1e-14));
        // I_0.5(2, 3) = P(Binomial(4, 0.5) ≥ 2) = (6 + 4 + 1) / 16.
        assert!(close(reg_inc_beta(2.0, 3.0, 0.5), 11.0 / 16.0, 1e-14));
        // Symmetry: I_x(a, b) = 1 − I_{1−x}(b, a).
        let (a, b, x) = (7.5, 0.5, 0.8);
        assert!(close(reg_inc_beta(a, b, x), 1.0 - reg_inc_beta(b, a, 1.0 - x), 1e-13));
        assert_eq!(reg_inc_beta(2.0, 2.0, 0.0), 0.0);
        assert_eq!(reg_inc_beta(2.0, 2.0, 1.0), 1.0);
    }

    #[test]
    fn t_quantiles_match_published_tables() {
        // Two-sided 95 % critical values from standard t tables.
        for (df, expected) in [
            (1.0, 12.706_204_736),
            (2.0, 4.302_652_730),
            (3.0, 3.182_446_305),
            (5.0, 2.570_581_836),
            (10.0, 2.228_138_852),
            (30.0, 2.042_272_456),
            (100.0, 1.983_971_519),
            (1000.0, 1.962_339),
        ] {
            let t = t_quantile(0.975, df);
            // Tables give 10 significant digits, 7 for 1000 df.
            let tol = if df >= 1000.0 { 1e-6 } else { 1e-8 };
            assert!(close(t, expected, tol), "df {df}: {t} vs {expected}");
        }
        // One-sided 95 % with 4 df, and the lower tail by symmetry.
        assert!(close(t_quantile(0.95, 4.0), 2.131_846_786, 1e-8));
        assert!(close(t_quantile(0.05, 4.0), -2.131_846_786, 1e-8));
        // Large df approaches the normal quantile 1.959964.
        assert!(close(t_quantile(0.975, 1e6), 1.959_966, 1e-5));
        assert!(close(normal_quantile(0.975), 1.959_963_985, 1e-8));
    }

    #[test]
    fn t_cdf_and_p_values_match_tables() {
        // P(T_10 ≤ 2.228138852) = 0.975; P(|T_5| ≥ 2.570581836) = 0.05.
        assert!(close(t_cdf(2.228_138_852, 10.0), 0.975, 1e-9));
        assert!(close(t_cdf(-2.228_138_852, 10.0), 0.025, 1e-9));
        assert!(close(t_two_sided_p(2.570_581_836, 5.0), 0.05, 1e-9));
        // With 1 df (Cauchy): P(T ≤ 1) = 3/4.
        assert!(close(t_cdf(1.0, 1.0), 0.75, 1e-12));
        assert!(close(t_cdf(0.0, 7.0), 0.5, 1e-12));
        // Density of Cauchy at 0 is 1/π.
        assert!(close(t_pdf(0.0, 1.0), 1.0 / std::f64::consts::PI, 1e-12));
    }

    #[test]
    fn welch_by_hand() {
        // a = [1, 2, 3, 4, 5]: mean 3, var 2.5. b = [2, 4, 6]: mean 4, var 4.
        let a = Sample::from_sums(5, 15.0, 55.0);
        let b = Sample::from_sums(3, 12.0, 56.0);
        assert_eq!(a, Sample { n: 5, mean: 3.0, var: 2.5 });
        assert_eq!(b, Sample { n: 3, mean: 4.0, var: 4.0 });
        let w = welch(a, b, 0.95).expect("enough data");
        // se² = 2.5/5 + 4/3 = 0.5 + 1.3333 = 1.8333; se = 1.354006.
        // df = 1.8333² / (0.5²/4 + 1.3333²/2) = 3.36111 / (0.0625 + 0.888889) = 3.532847.
        let se = (0.5f64 + 4.0 / 3.0).sqrt();
        let df = (0.5f64 + 4.0 / 3.0).powi(2) / (0.0625 + (4.0f64 / 3.0).powi(2) / 2.0);
        assert!(close(w.diff, -1.0, 1e-12));
        assert!(close(w.df, df, 1e-12));
        assert!(close(w.df, 3.532_847, 1e-6));
        let half = t_quantile(0.975, df) * se;
        assert!(close(w.ci_low, -1.0 - half, 1e-12));
        assert!(close(w.ci_high, -1.0 + half, 1e-12));
        // t = −1/1.354006 = −0.738549, a small effect: p is large, the interval spans 0.
        assert!(w.p_value > 0.4 && w.p_value < 0.6, "{}", w.p_value);
        assert!(w.ci_low < 0.0 && w.ci_high > 0.0);
        assert!(close(w.p_value, t_two_sided_p(1.0 / se, df), 1e-15));
    }

    #[test]
    fn pooled_variance_loses_one_degree_of_freedom_per_group() {
        // Groups [1, 3] (mean 2) and [4, 6, 8] (mean 6): squared deviations from the group means
        // 1 + 1 + 4 + 0 + 4 = 10, five observations, two means estimated: 10 / 3.
        let s = Sample::pooled(5, 0.0, 10.0, 2);
        assert_eq!((s.n, s.mean), (5, 0.0));
        assert!(close(s.var, 10.0 / 3.0, 1e-15));
        // One group around its own mean is the ordinary variance: [1, 2, 3, 4, 5] has ss 10.
        assert_eq!(Sample::pooled(5, 3.0, 10.0, 1), Sample::from_sums(5, 15.0, 55.0));
        // No degree of freedom left: no spread to estimate.
        assert_eq!(Sample::pooled(2, 1.0, 4.0, 2).var, 0.0);
    }

    #[test]
    fn welch_degenerate_cases() {
        let one = Sample::from_sums(1, 3.0, 9.0);
        let flat = Sample::from_sums(4, 8.0, 16.0);
        assert_eq!(welch(one, flat, 0.95), None);
        let w = welch(flat, flat, 0.95).expect("enough data");
        assert_eq!((w.diff, w.p_value, w.ci_low, w.ci_high), (0.0, 1.0, 0.0, 0.0));
        let higher = Sample::from_sums(4, 12.0, 36.0);
        let w = welch(higher, flat, 0.95).expect("enough data");
        assert_eq!((w.diff, w.p_value), (1.0, 0.0));
    }

    #[test]
    fn benjamini_hochberg_by_hand() {
        // m = 5, sorted p: 0.01, 0.02, 0.03, 0.2, 0.5.
        // m·p/rank: 0.05, 0.05, 0.05, 0.25, 0.5 → running minimum from the top: same.
        let p = [0.2, 0.01, 0.5, 0.03, 0.02];
        let q = bh_adjust(&p);
        let expected = [0.25, 0.05, 0.5, 0.05, 0.05];
        for (a, b) in q.iter().zip(expected) {
            assert!(close(*a, b, 1e-12), "{q:?}");
        }
        // Step-up: 0.04 at rank 1 alone gives 3·0.04/1 = 0.12, but rank 2's 3·0.045/2 = 0.0675
        // lowers it.
        let q = bh_adjust(&[0.04, 0.045, 0.9]);
        assert!(close(q[0], 0.0675, 1e-12) && close(q[1], 0.0675, 1e-12) && close(q[2], 0.9, 1e-12), "{q:?}");
        assert!(bh_adjust(&[]).is_empty());
    }
}

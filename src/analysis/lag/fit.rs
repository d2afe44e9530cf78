//! The adjusted estimate: one least-squares regression per region over every check-in, with
//! standard errors that respect that check-ins of the same and nearby days move together.
//!
//! See the [parent module](super) for what the columns mean. Here:
//! - the design is sparse: every shared column is an indicator (0 or 1), so each check-in stores
//!   the indices of its columns that are 1; the one region-specific column, the region's own
//!   earlier level, is dense and kept apart;
//! - the normal equations are solved by a Cholesky factorisation that leaves out columns that are
//!   all zero or a combination of others (an emotion always logged together with another, a
//!   window no check-in ever falls in): their coefficients are `None`, never a made-up number;
//! - the variance is the heteroskedasticity- and autocorrelation-consistent sandwich of Newey and
//!   West over **day totals**: each day's scores are summed (so check-ins of one day are one
//!   cluster), and the day totals are allowed to correlate up to `bandwidth` days apart (Bartlett
//!   weights), calendar days without check-ins counting as zero. For small samples each residual
//!   is scaled by `1 / (1 − h)`, `h` its leverage (the HC3 correction, applied within the day
//!   clusters), the day totals by `G/(G−1)`, and intervals use Student's t with `G − 1` degrees
//!   of freedom, `G` being the number of days with check-ins.

use super::super::stats::{t_quantile, t_two_sided_p};

/// The shared part of the design: per check-in, the indicator columns that are 1, and its day.
pub(super) struct Design {
    /// Number of shared columns.
    pub p: usize,
    /// Start of each check-in's column list in `cols` (length n + 1).
    pub start: Vec<u32>,
    /// Column indices, ascending within a check-in.
    pub cols: Vec<u16>,
    /// Day of each check-in, counted from the first day (0-based calendar days).
    pub day: Vec<u32>,
    /// Calendar days from the first to the last check-in, inclusive.
    pub span_days: usize,
}

impl Design {
    /// Number of check-ins.
    pub fn n(&self) -> usize {
        self.day.len()
    }

    fn row(&self, i: usize) -> &[u16] {
        &self.cols[self.start[i] as usize..self.start[i + 1] as usize]
    }

    /// `Z'Z` of the shared columns, dense and symmetric (p × p, row-major).
    pub fn gram(&self) -> Vec<f64> {
        let p = self.p;
        let mut g = vec![0.0; p * p];
        for i in 0..self.n() {
            let row = self.row(i);
            for (a, &j) in row.iter().enumerate() {
                for &k in &row[a..] {
                    g[usize::from(j) * p + usize::from(k)] += 1.0;
                }
            }
        }
        for j in 0..p {
            for k in 0..j {
                g[j * p + k] = g[k * p + j];
            }
        }
        g
    }
}

/// An estimate with its uncertainty.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Estimate {
    /// The estimate, in points.
    pub value: f64,
    /// Its standard error.
    pub se: f64,
    /// Degrees of freedom of the t distribution used.
    pub df: f64,
}

impl Estimate {
    /// The 95 % interval.
    pub fn ci95(&self) -> (f64, f64) {
        let half = t_quantile(0.975, self.df) * self.se;
        (self.value - half, self.value + half)
    }

    /// Two-sided p-value of "the true value is 0".
    pub fn p_value(&self) -> f64 {
        if self.se > 0.0 {
            t_two_sided_p(self.value / self.se, self.df)
        } else if self.value == 0.0 {
            1.0
        } else {
            0.0
        }
    }
}

/// One region's fit: coefficients of the requested columns and what the variances need.
pub(super) struct RegionFit {
    /// Coefficient of every shared column (`None`: left out as not estimable).
    pub beta: Vec<Option<f64>>,
    /// Day-total influence of every requested column: `influence[d * wanted + s]` is day `d`'s
    /// for the column in slot `s` (span_days × wanted, day-major so one check-in adds to one
    /// contiguous run).
    influence: Vec<f64>,
    /// Number of requested columns.
    wanted: usize,
    /// Position of each shared column among the requested ones (`usize::MAX`: not requested).
    slot: Vec<usize>,
    scale: f64,
    df: f64,
    bandwidth: usize,
}

impl RegionFit {
    /// The estimate of `Σ coef · β[col]` (e.g. one coefficient, or the difference of two), when
    /// every column involved is estimable and was requested.
    pub fn estimate(&self, combo: &[(usize, f64)]) -> Option<Estimate> {
        let mut value = 0.0;
        for &(c, w) in combo {
            value += w * self.beta[c]?;
            if self.slot[c] == usize::MAX {
                return None;
            }
        }
        let series: Vec<f64> = self
            .influence
            .chunks_exact(self.wanted.max(1))
            .map(|day| combo.iter().map(|&(c, w)| w * day[self.slot[c]]).sum())
            .collect();
        let var = self.scale * newey_west(&series, self.bandwidth);
        (var.is_finite() && self.df >= 1.0).then(|| Estimate { value, se: var.max(0.0).sqrt(), df: self.df })
    }
}

/// `Σ_d v_d² + 2 Σ_{l=1..L} (1 − l/(L+1)) Σ_d v_d v_{d+l}`.
fn newey_west(v: &[f64], bandwidth: usize) -> f64 {
    let mut total: f64 = v.iter().map(|x| x * x).sum();
    for l in 1..=bandwidth.min(v.len().saturating_sub(1)) {
        let w = 1.0 - l as f64 / (bandwidth + 1) as f64;
        let cross: f64 = v.iter().zip(&v[l..]).map(|(a, b)| a * b).sum();
        total += 2.0 * w * cross;
    }
    total
}

/// The Newey–West bandwidth in days: at least `min_days` (the longest window), and at least the
/// usual automatic choice `⌈4 (G/100)^(2/9)⌉` for `G` days.
pub(super) fn bandwidth(days_with_checkins: usize, min_days: usize) -> usize {
    let auto = (4.0 * (days_with_checkins as f64 / 100.0).powf(2.0 / 9.0)).ceil() as usize;
    auto.max(min_days)
}

/// Fits one region: `y` the region's levels, `extra` the region-specific column (its earlier
/// level; 0 where unknown, with an indicator among the shared columns), `gram` the shared
/// columns' `Z'Z`, and `wanted` the shared columns whose variances will be asked for.
pub(super) fn fit_region(
    design: &Design,
    gram: &[f64],
    y: &[f64],
    extra: &[f64],
    wanted: &[usize],
    bandwidth: usize,
) -> RegionFit {
    let p = design.p;
    let q = p + 1;
    let n = design.n();
    // Normal equations with the extra column last.
    let mut m = vec![0.0; q * q];
    for j in 0..p {
        m[j * q..j * q + p].copy_from_slice(&gram[j * p..(j + 1) * p]);
    }
    let mut rhs = vec![0.0; q];
    let (mut aa, mut ay) = (0.0, 0.0);
    for i in 0..n {
        let (a, yi) = (extra[i], y[i]);
        for &j in design.row(i) {
            let j = usize::from(j);
            m[j * q + p] += a;
            rhs[j] += yi;
        }
        aa += a * a;
        ay += a * yi;
    }
    for j in 0..p {
        m[p * q + j] = m[j * q + p];
    }
    m[p * q + p] = aa;
    rhs[p] = ay;

    let (inv, kept) = inverse_spd(&m, q);
    let beta_all: Vec<f64> = (0..q).map(|j| (0..q).map(|k| inv[j * q + k] * rhs[k]).sum()).collect();
    let k_eff = kept.iter().filter(|&&k| k).count();

    // Influence of each day on the wanted coefficients: Σ_{i in day} (M⁻¹ x_i)_c · e_i.
    let mut slot = vec![usize::MAX; p];
    for (s, &c) in wanted.iter().enumerate() {
        slot[c] = s;
    }
    // The rows of M⁻¹ of the wanted columns, transposed (q × wanted): a check-in's contribution to
    // all of them is then a sum of contiguous runs, one per column it has.
    let w = wanted.len();
    let mut inv_t = vec![0.0; q * w];
    for (s, &c) in wanted.iter().enumerate() {
        for j in 0..q {
            inv_t[j * w + s] = inv[c * q + j];
        }
    }
    let mut influence = vec![0.0; design.span_days * w];
    let mut days = vec![false; design.span_days];
    let mut hc = vec![0.0; w];
    for i in 0..n {
        let row = design.row(i);
        let a = extra[i];
        let fitted: f64 = row.iter().map(|&j| beta_all[usize::from(j)]).sum::<f64>() + beta_all[p] * a;
        let d = design.day[i] as usize;
        days[d] = true;
        let e = y[i] - fitted;
        if e == 0.0 {
            continue;
        }
        // Leverage h = x' M⁻¹ x; the residual is scaled by 1 / (1 − h) (HC3), which keeps check-ins
        // that pull the fit towards themselves from looking more certain than they are.
        let mut h = a * a * inv[p * q + p];
        for &j in row {
            let j = usize::from(j);
            h += 2.0 * a * inv[j * q + p];
            for &k in row {
                h += inv[j * q + usize::from(k)];
            }
        }
        let e = e / (1.0 - h.clamp(0.0, 0.99));
        // (M⁻¹ x_i) of the wanted columns, times the residual, added to the day's total.
        let extra_row = &inv_t[p * w..(p + 1) * w];
        for (h, &r) in hc.iter_mut().zip(extra_row) {
            *h = r * a;
        }
        for &j in row {
            let r = &inv_t[usize::from(j) * w..(usize::from(j) + 1) * w];
            for (h, &x) in hc.iter_mut().zip(r) {
                *h += x;
            }
        }
        for (t, &h) in influence[d * w..(d + 1) * w].iter_mut().zip(&hc) {
            *t += h * e;
        }
    }
    let g = days.iter().filter(|&&b| b).count();
    let scale = if g > 1 && n > k_eff { g as f64 / (g - 1) as f64 } else { f64::NAN };
    let beta = (0..p).map(|j| kept[j].then_some(beta_all[j])).collect();
    RegionFit { beta, influence, wanted: w, slot, scale, df: g.saturating_sub(1) as f64, bandwidth }
}

/// Inverse of a symmetric positive semi-definite matrix through its Cholesky factor, leaving out
/// (as if deleted) every column whose pivot is negligible: zero columns and columns that are a
/// combination of earlier ones. Their rows and columns of the inverse are 0. Returns the inverse
/// and which columns were kept.
pub(super) fn inverse_spd(m: &[f64], q: usize) -> (Vec<f64>, Vec<bool>) {
    const TOL: f64 = 1e-9;
    let mut l = vec![0.0; q * q];
    let mut kept = vec![false; q];
    for j in 0..q {
        let diag = m[j * q + j];
        let mut d = diag;
        for k in 0..j {
            d -= l[j * q + k] * l[j * q + k];
        }
        if diag <= 0.0 || d <= TOL * diag.max(1.0) {
            continue; // left out: l's column j stays 0
        }
        kept[j] = true;
        let ljj = d.sqrt();
        l[j * q + j] = ljj;
        for i in j + 1..q {
            let mut s = m[i * q + j];
            for k in 0..j {
                s -= l[i * q + k] * l[j * q + k];
            }
            l[i * q + j] = s / ljj;
        }
    }
    // Inverse of L (lower triangular) over the kept columns, then M⁻¹ = L⁻ᵀ L⁻¹.
    let mut li = vec![0.0; q * q];
    for j in (0..q).filter(|&j| kept[j]) {
        li[j * q + j] = 1.0 / l[j * q + j];
        for i in j + 1..q {
            if !kept[i] {
                continue;
            }
            let mut s = 0.0;
            for k in j..i {
                s -= l[i * q + k] * li[k * q + j];
            }
            li[i * q + j] = s / l[i * q + i];
        }
    }
    let mut inv = vec![0.0; q * q];
    for i in 0..q {
        for j in 0..=i {
            let s: f64 = (i..q).map(|k| li[k * q + i] * li[k * q + j]).sum();
            inv[i * q + j] = s;
            inv[j * q + i] = s;
        }
    }
    (inv, kept)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inverse_of_a_small_matrix_and_a_singular_one() {
        // [[4, 2], [2, 3]]⁻¹ = [[3, −2], [−2, 4]] / 8.
        let (inv, kept) = inverse_spd(&[4.0, 2.0, 2.0, 3.0], 2);
        assert_eq!(kept, [true, true]);
        for (a, b) in inv.iter().zip([0.375, -0.25, -0.25, 0.5]) {
            assert!((a - b).abs() < 1e-12, "{inv:?}");
        }
        // The second column is twice the first: it is left out, the first is inverted alone.
        let (inv, kept) = inverse_spd(&[1.0, 2.0, 2.0, 4.0], 2);
        assert_eq!(kept, [true, false]);
        assert!((inv[0] - 1.0).abs() < 1e-12 && inv[1] == 0.0 && inv[3] == 0.0);
        // A zero column is left out too.
        let (_, kept) = inverse_spd(&[0.0, 0.0, 0.0, 2.0], 2);
        assert_eq!(kept, [false, true]);
    }

    #[test]
    fn newey_west_weights() {
        // Lag 0: 1 + 4 + 9 = 14; lag 1 (weight 1/2 with bandwidth 1): 1·2 + 2·3 = 8 → 14 + 8 = 22.
        assert!((newey_west(&[1.0, 2.0, 3.0], 1) - 22.0).abs() < 1e-12);
        assert!((newey_west(&[1.0, 2.0, 3.0], 0) - 14.0).abs() < 1e-12);
        assert_eq!(bandwidth(100, 2), 4);
        assert_eq!(bandwidth(10, 3), 3);
    }

    /// Ordinary least squares on a tiny design, checked by hand: y = 1 + 2·x with x an indicator,
    /// plus a dense column that is 0. The fit is exact, so every residual and variance is 0.
    #[test]
    fn exact_fit_recovers_the_coefficients() {
        // Columns: 0 intercept, 1 indicator. Six check-ins on six days.
        let x = [0, 1, 0, 1, 1, 0];
        let mut start = vec![0u32];
        let mut cols = Vec::new();
        for &xi in &x {
            cols.push(0u16);
            if xi == 1 {
                cols.push(1);
            }
            start.push(cols.len() as u32);
        }
        let design = Design { p: 2, start, cols, day: (0..6).collect(), span_days: 6 };
        let y: Vec<f64> = x.iter().map(|&xi| 1.0 + 2.0 * f64::from(xi)).collect();
        let fit = fit_region(&design, &design.gram(), &y, &[0.0; 6], &[1], 1);
        assert!((fit.beta[0].expect("intercept") - 1.0).abs() < 1e-9);
        let e = fit.estimate(&[(1, 1.0)]).expect("estimate");
        assert!((e.value - 2.0).abs() < 1e-9 && e.se < 1e-9, "{e:?}");
        assert_eq!(e.df, 5.0);
    }
}

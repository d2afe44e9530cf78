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

    pub fn row(&self, i: usize) -> &[u16] {
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

/// The estimate of `Σ coef · β_a[col]` of fit `a` minus the same combination in fit `b` (two fits
/// of the same check-ins, e.g. all check-ins and within days), with a variance that accounts for
/// their being computed from the same data: the day-total influences of the two are subtracted
/// day by day before the Newey–West sum. Uses the larger of the two small-sample scales and the
/// smaller number of degrees of freedom.
pub(super) fn difference(a: &RegionFit, b: &RegionFit, combo: &[(usize, f64)]) -> Option<Estimate> {
    let mut value = 0.0;
    for &(c, w) in combo {
        value += w * (a.beta[c]? - b.beta[c]?);
        if a.slot[c] == usize::MAX || b.slot[c] == usize::MAX {
            return None;
        }
    }
    let (wa, wb) = (a.wanted.max(1), b.wanted.max(1));
    let series: Vec<f64> = a
        .influence
        .chunks_exact(wa)
        .zip(b.influence.chunks_exact(wb))
        .map(|(da, db)| combo.iter().map(|&(c, w)| w * (da[a.slot[c]] - db[b.slot[c]])).sum())
        .collect();
    let scale = a.scale.max(b.scale);
    let df = a.df.min(b.df);
    let var = scale * newey_west(&series, a.bandwidth.max(b.bandwidth));
    (var.is_finite() && df >= 1.0).then(|| Estimate { value, se: var.max(0.0).sqrt(), df })
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

/// The within-day fit's shared part: every day with at least two check-ins, its check-ins'
/// shared columns taken relative to the day's mean (a fixed effect per day), and what the
/// variances need. The same for every region (there is no region-specific column), so it is
/// built once.
///
/// Comparing check-ins only with others of the same day removes everything that is the same all
/// day long: a tense day, a good night's sleep. What is left to estimate an effect from are the
/// contrasts within days (before vs after an event, 6–12 h vs 24–48 h after another), which a
/// day-level state cannot produce.
pub(super) struct WithinDay {
    /// Per day: the first row in `design`, the number of its check-ins, its calendar day, the
    /// first of its columns in `cols` and the number of them.
    days: Vec<(usize, usize, usize, usize, usize)>,
    /// Per day, its columns (sorted, the union over its check-ins).
    cols: Vec<u16>,
    /// Per day, its check-ins' values of its columns minus the day's means (row-major, one row per
    /// check-in), one block after the other.
    values: Vec<f64>,
    /// Start of each day's block in `values`.
    value_start: Vec<usize>,
    /// `M⁻¹` of the within-day normal equations (p × p) and the columns kept.
    inv: Vec<f64>,
    kept: Vec<bool>,
    /// Leverage of each check-in of the days kept (same order as the rows of `values`).
    leverage: Vec<f64>,
    /// The wanted rows of `M⁻¹`, transposed (p × wanted).
    inv_t: Vec<f64>,
    wanted: usize,
    slot: Vec<usize>,
    p: usize,
    span_days: usize,
    bandwidth: usize,
}

impl WithinDay {
    /// Builds the within-day fit over the shared columns, leaving out the columns in `skip`
    /// (those that mean nothing within a day, such as the "earlier level unknown" indicator).
    /// `None` when no day has two check-ins.
    pub fn new(design: &Design, skip: &[usize], wanted: &[usize], bandwidth: usize) -> Option<WithinDay> {
        let p = design.p;
        let n = design.n();
        let mut days = Vec::new();
        let mut cols = Vec::new();
        let mut values = Vec::new();
        let mut value_start = Vec::new();
        let mut m = vec![0.0; p * p];
        let mut i = 0;
        while i < n {
            let mut j = i + 1;
            while j < n && design.day[j] == design.day[i] {
                j += 1;
            }
            let count = j - i;
            if count >= 2 {
                let first_col = cols.len();
                let mut union: Vec<u16> = (i..j)
                    .flat_map(|r| design.row(r).iter().copied())
                    .filter(|&c| !skip.contains(&usize::from(c)))
                    .collect();
                union.sort_unstable();
                union.dedup();
                let u = union.len();
                let start = values.len();
                value_start.push(start);
                values.resize(start + count * u, 0.0);
                for r in i..j {
                    for &c in design.row(r) {
                        if let Ok(k) = union.binary_search(&c) {
                            values[start + (r - i) * u + k] = 1.0;
                        }
                    }
                }
                for k in 0..u {
                    let mean = (0..count).map(|r| values[start + r * u + k]).sum::<f64>() / count as f64;
                    for r in 0..count {
                        values[start + r * u + k] -= mean;
                    }
                }
                for r in 0..count {
                    let row = &values[start + r * u..start + (r + 1) * u];
                    for (a, &x) in row.iter().enumerate() {
                        if x == 0.0 {
                            continue;
                        }
                        let ca = usize::from(union[a]);
                        for (b, &z) in row.iter().enumerate() {
                            m[ca * p + usize::from(union[b])] += x * z;
                        }
                    }
                }
                days.push((i, count, design.day[i] as usize, first_col, u));
                cols.extend(union);
            }
            i = j;
        }
        if days.is_empty() {
            return None;
        }
        let (inv, kept) = inverse_spd(&m, p);
        let mut leverage = Vec::with_capacity(values.len());
        for (d, &(_, count, _, first_col, u)) in days.iter().enumerate() {
            let union = &cols[first_col..first_col + u];
            let start = value_start[d];
            for r in 0..count {
                let row = &values[start + r * u..start + (r + 1) * u];
                let mut h = 1.0 / count as f64;
                for (a, &x) in row.iter().enumerate() {
                    let ca = usize::from(union[a]);
                    for (b, &z) in row.iter().enumerate() {
                        h += x * inv[ca * p + usize::from(union[b])] * z;
                    }
                }
                leverage.push(h);
            }
        }
        let w = wanted.len();
        let mut slot = vec![usize::MAX; p];
        let mut inv_t = vec![0.0; p * w];
        for (s, &c) in wanted.iter().enumerate() {
            slot[c] = s;
            for j in 0..p {
                inv_t[j * w + s] = inv[c * p + j];
            }
        }
        Some(WithinDay {
            days,
            cols,
            values,
            value_start,
            inv,
            kept,
            leverage,
            inv_t,
            wanted: w,
            slot,
            p,
            span_days: design.span_days,
            bandwidth,
        })
    }

    /// Fits one region's levels `y` (one per check-in of the design).
    pub fn fit(&self, y: &[f64]) -> RegionFit {
        let p = self.p;
        let mut rhs = vec![0.0; p];
        let day_mean = |first: usize, count: usize| y[first..first + count].iter().sum::<f64>() / count as f64;
        for (d, &(first, count, _, first_col, u)) in self.days.iter().enumerate() {
            let union = &self.cols[first_col..first_col + u];
            let start = self.value_start[d];
            let mean = day_mean(first, count);
            for r in 0..count {
                let yr = y[first + r] - mean;
                for (k, &x) in self.values[start + r * u..start + (r + 1) * u].iter().enumerate() {
                    rhs[usize::from(union[k])] += x * yr;
                }
            }
        }
        let beta_all: Vec<f64> = (0..p).map(|j| (0..p).map(|k| self.inv[j * p + k] * rhs[k]).sum()).collect();
        let w = self.wanted;
        let mut influence = vec![0.0; self.span_days * w];
        let mut score = Vec::new();
        let mut lev = self.leverage.iter();
        let mut clusters = 0usize;
        for (d, &(first, count, day, first_col, u)) in self.days.iter().enumerate() {
            let union = &self.cols[first_col..first_col + u];
            let start = self.value_start[d];
            let mean = day_mean(first, count);
            score.clear();
            score.resize(u, 0.0);
            for r in 0..count {
                let row = &self.values[start + r * u..start + (r + 1) * u];
                let fitted: f64 = row.iter().zip(union).map(|(&x, &c)| x * beta_all[usize::from(c)]).sum();
                let h = lev.next().copied().unwrap_or(0.0);
                // HC3, as in the all-check-in fit.
                let e = (y[first + r] - mean - fitted) / (1.0 - h.clamp(0.0, 0.99));
                for (s, &x) in score.iter_mut().zip(row) {
                    *s += x * e;
                }
            }
            clusters += 1;
            let target = &mut influence[day * w..(day + 1) * w];
            for (k, &c) in union.iter().enumerate() {
                if score[k] == 0.0 {
                    continue;
                }
                let r = &self.inv_t[usize::from(c) * w..(usize::from(c) + 1) * w];
                for (t, &x) in target.iter_mut().zip(r) {
                    *t += score[k] * x;
                }
            }
        }
        let k_eff = self.kept.iter().filter(|&&k| k).count();
        let n: usize = self.days.iter().map(|d| d.1).sum();
        let g = clusters;
        let scale = if g > 1 && n > k_eff + g { g as f64 / (g - 1) as f64 } else { f64::NAN };
        let beta = (0..p).map(|j| self.kept[j].then_some(beta_all[j])).collect();
        RegionFit {
            beta,
            influence,
            wanted: w,
            slot: self.slot.clone(),
            scale,
            df: g.saturating_sub(1) as f64,
            bandwidth: self.bandwidth,
        }
    }
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

    /// Within days, a shift that is the same all day long cancels out: y = day level + 2·x, with
    /// x an indicator and the day levels chosen so that x is 1 mostly on high days. The
    /// all-check-in fit confuses the two; the within-day fit recovers 2 exactly.
    #[test]
    fn within_day_fit_ignores_what_is_the_same_all_day() {
        // Four days of three check-ins; columns: 0 intercept, 1 the indicator, 2 a column that
        // is skipped (as the "earlier level unknown" indicator is).
        let x = [[0, 1, 1], [0, 0, 1], [1, 0, 0], [0, 0, 0]];
        let day_level = [5.0, 3.0, 1.0, 0.0];
        let (mut start, mut cols, mut day, mut y) = (vec![0u32], Vec::new(), Vec::new(), Vec::new());
        for (d, row) in x.iter().enumerate() {
            for &xi in row {
                cols.push(0u16);
                if xi == 1 {
                    cols.push(1);
                }
                cols.push(2);
                start.push(cols.len() as u32);
                day.push(d as u32);
                y.push(day_level[d] + 2.0 * f64::from(xi));
            }
        }
        let design = Design { p: 3, start, cols, day, span_days: 4 };
        let pooled = fit_region(&design, &design.gram(), &y, &[0.0; 12], &[1], 1);
        let b = pooled.estimate(&[(1, 1.0)]).expect("estimate").value;
        assert!(b > 3.0, "the all-check-in fit takes the high days for the indicator: {b}");
        let within = WithinDay::new(&design, &[2], &[1], 1).expect("days with two check-ins");
        let fit = within.fit(&y);
        // The intercept and the skipped column mean nothing within a day: left out.
        assert_eq!((fit.beta[0], fit.beta[2]), (None, None));
        let e = fit.estimate(&[(1, 1.0)]).expect("estimate");
        assert!((e.value - 2.0).abs() < 1e-9 && e.se < 1e-9, "{e:?}");
        assert_eq!(e.df, 3.0);
        // Days of one check-in carry nothing within a day.
        let single = Design { p: 2, start: vec![0, 1, 2], cols: vec![0, 1], day: vec![0, 1], span_days: 2 };
        assert!(WithinDay::new(&single, &[], &[1], 1).is_none());
    }
}

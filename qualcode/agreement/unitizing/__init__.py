"""Krippendorff's reliability coefficients for unitizing: coders' spans over continua of characters.

Input. A continuum is a text of L characters (a segment's or document's text); each coder marks
spans (start, end), end exclusive, each with a code. Spans of one coder and one code that overlap
or touch are merged into one unit (``merge_adjacent=False`` keeps touching spans apart, as some
published examples do); empty spans are dropped, having no length. Between and around a coder's
units lie the coder's gaps, so every coder divides every continuum into sections, units and gaps,
covering it exactly. Several continua count as one continuum of their summed length L, laid end to
end, except that no unit or gap crosses from one continuum into the next (Krippendorff sums over
continua).

alpha-u (``alpha_u``, ``alpha_u_by_code``): Krippendorff (1995, "On the reliability of unitizing
continuous data", Sociological Methodology 25) and Content Analysis (2nd ed. 2004, sec. 12.4), the
coefficient DKPro Statistics implements as KrippendorffAlphaUnitizingAgreement. For one code,
alpha-u = 1 - uDo/uDe with
  uDo = sum_i sum_{j != i} sum_g sum_h delta^2(ig, jh) / (m (m - 1) L^2), over coders i, j and
        their sections g, h, where delta^2 = (b_ig - b_jh)^2 + (e_ig - e_jh)^2 for two overlapping
        units, l_ig^2 for a unit ig inside a gap jh (and symmetrically), 0 otherwise;
  uDe = (2/L) sum_units [(N - 1)(2l^3 - 3l^2 + l)/3 + l^2 sum_{gaps h: l_h >= l} (l_h - l + 1)]
        / (m L (m L - 1) - sum_units l (l - 1)), N the number of units of all coders, the gaps of
        all coders.
Over several codes, 1 - sum_c uDo_c / sum_c uDe_c. A coder's codes may overlap here.

The family of Krippendorff, Mathet, Bouvry & Widlöcher (2016, "On the reliability of unitizing
textual continua: Further developments", Quality & Quantity 50; also Content Analysis, 4th ed.
2019, sec. 12.6), for one set of codes that do not overlap within a coder (a semantic domain):
each character has, per coder, one value: a code or the gap. Observed coincidences
l_ck = sum_i sum_{j != i} |i's sections valued c ∩ j's sections valued k| / (m - 1); expected
e_ck = l.. (l_c. l_.k - [c = k] W_c) / (l..^2 - sum W), where W_c sums l^2 over the units of c (a
unit cannot be paired with itself) and W_gap is the total gap length (a gap's characters can).
  u-alpha   = 1 - (l.. - sum_c l_cc) / (l.. - sum_c e_cc): sections and their codes together;
  |u-alpha  = 1 - l_gap,unit / e_gap,unit: relevant (any code) versus irrelevant matter
              (ATLAS.ti's "alpha-binary" of a code or domain);
  cu-alpha  = the same on the coincidences among codes only, l*_ck = l_ck for codes c, k (gaps
              left out), with W*_c = sum of w_g^2 over the units g of c, where
              w_g = sum_{j != i} |g ∩ j's units| / (m - 1) is what g adds to those margins (so a
              unit is not paired with itself). For two coders w_g is the part of g inside the
              other coder's units. The coding of the units where coders' units intersect
              (ATLAS.ti's cu-alpha within a semantic domain; with each span labelled by its
              domain, ATLAS.ti's Cu-alpha across domains);
  (k)u-alpha = 1 - (e_k. / l_k.) (l_k. - l_kk) / (e_k. - e_kk), cu-alpha's view of code k.
Only the nominal metric is implemented: codes are unordered. The tests reproduce the published
examples listed in ``tests/fixtures/reference/unitizing-cases.json``. No published cu-alpha for
three or more coders was found to check W*_c against; the tests show it gives the two-coder form
for two coders and Krippendorff's nominal alpha (the ``krippendorff`` package) when every
character is a unit coded by everyone, and never exceeds 1.
"""

from qualcode.agreement.unitizing.alpha_u import alpha_u, alpha_u_by_code, alpha_u_of
from qualcode.agreement.unitizing.family import family_of, unitizing_family
from qualcode.agreement.unitizing.results import UnitizingAlpha, UnitizingAlphaByCode, UnitizingFamily
from qualcode.agreement.unitizing.sections import (
    CoderUnits,
    Unitization,
    single_code_unitization,
    unitization,
)

__all__ = [
    "CoderUnits",
    "UnitizingAlpha",
    "UnitizingAlphaByCode",
    "UnitizingFamily",
    "Unitization",
    "alpha_u",
    "alpha_u_by_code",
    "alpha_u_of",
    "family_of",
    "single_code_unitization",
    "unitization",
    "unitizing_family",
]

import type {
  AcquisitionChannel,
  ChurnReason,
  ComplaintCategory,
  ComplaintSeverity,
  ContactChannel,
} from '@lifeline/customers/domain';

export const SEGMENTS = ['smb', 'mid_market', 'enterprise'] as const;
export type Segment = (typeof SEGMENTS)[number];

/**
 * The knobs of the demo population. Rates are per year unless said otherwise; the purchase
 * process is BG/NBD in weeks (rate lambda ~ Gamma(r, alpha), dropout p ~ Beta(a, b) after each
 * repeat purchase) and spend is Gamma-Gamma (per-purchase Gamma(p, nu), nu ~ Gamma(q, gamma)),
 * so the analytics models have something true to recover.
 */
export interface DemoProfile {
  readonly acquisitionChannels: Readonly<Record<AcquisitionChannel, number>>;
  readonly segments: Readonly<Record<Segment, number>>;
  /** Probability of being a key account (with an account manager), per segment. */
  readonly keyAccountShare: Readonly<Record<Segment, number>>;
  readonly purchase: { readonly r: number; readonly alpha: number; readonly a: number; readonly b: number };
  /** Gamma-Gamma spend in major currency units; `gamma` is nu's rate. */
  readonly spend: { readonly p: number; readonly q: number; readonly gamma: number };
  /** Spend multiplier per segment. */
  readonly spendScale: Readonly<Record<Segment, number>>;
  /** Days between acquisition and the first purchase are uniform on [0, this). */
  readonly firstPurchaseWithinDays: number;
  /** A dropped-out customer is declared churned this many days after the last purchase... */
  readonly churnAfterDays: { readonly minimum: number; readonly meanExtra: number };
  /** ...for one of these reasons (service gets more weight after a bad complaint experience). */
  readonly churnReasons: Readonly<Record<ChurnReason, number>>;
  /** Chance that a churned customer is won back, and how long that takes. */
  readonly winBack: { readonly probability: number; readonly minimumDays: number; readonly meanExtraDays: number };
  /** At most this many lives (acquisition + win-backs) per customer. */
  readonly maxLives: number;
  readonly contactsPerYear: Readonly<Record<Segment, number>>;
  readonly contactChannels: Readonly<Record<ContactChannel, number>>;
  readonly inboundShare: number;
  readonly complaintsPerYear: Readonly<Record<Segment, number>>;
  readonly complaintCategories: Readonly<Record<ComplaintCategory, number>>;
  readonly complaintSeverities: Readonly<Record<ComplaintSeverity, number>>;
  /** Resolution delay is lognormal: median hours per severity, log-scale spread. */
  readonly resolutionMedianHours: Readonly<Record<ComplaintSeverity, number>>;
  readonly resolutionSpread: number;
  readonly neverResolvedShare: number;
  /** Share of resolutions where the customer gave a 1–5 satisfaction score. */
  readonly satisfactionShare: number;
}

export const DEFAULT_DEMO_PROFILE: DemoProfile = {
  acquisitionChannels: { web: 35, referral: 15, sales: 10, partner: 10, social: 15, event: 5, other: 10 },
  segments: { smb: 70, mid_market: 22, enterprise: 8 },
  // 0.70 * 0.005 + 0.22 * 0.05 + 0.08 * 0.2 ≈ 3% key accounts overall.
  keyAccountShare: { smb: 0.005, mid_market: 0.05, enterprise: 0.2 },
  purchase: { r: 0.9, alpha: 12, a: 0.8, b: 3.5 },
  spend: { p: 6, q: 4, gamma: 15 },
  spendScale: { smb: 1, mid_market: 4, enterprise: 15 },
  firstPurchaseWithinDays: 3,
  churnAfterDays: { minimum: 45, meanExtra: 60 },
  churnReasons: { price: 25, service: 15, competitor: 25, moved: 10, no_need: 20, other: 5 },
  winBack: { probability: 0.2, minimumDays: 14, meanExtraDays: 90 },
  maxLives: 3,
  contactsPerYear: { smb: 3, mid_market: 6, enterprise: 12 },
  contactChannels: { email: 40, phone: 25, chat: 15, web: 8, social: 5, in_person: 5, letter: 2 },
  inboundShare: 0.55,
  complaintsPerYear: { smb: 0.4, mid_market: 0.5, enterprise: 0.7 },
  complaintCategories: { product: 30, service: 25, billing: 20, delivery: 20, other: 5 },
  complaintSeverities: { low: 40, medium: 35, high: 20, critical: 5 },
  resolutionMedianHours: { low: 72, medium: 36, high: 18, critical: 6 },
  resolutionSpread: 1.2,
  neverResolvedShare: 0.08,
  satisfactionShare: 0.75,
};

export const FIRST_NAMES = ['Ada', 'Bo', 'Chen', 'Dana', 'Emil', 'Fatima', 'Gus', 'Hana', 'Ivo', 'Jin', 'Kofi', 'Lena', 'Mara', 'Nils', 'Omar', 'Pia', 'Quinn', 'Rosa', 'Sami', 'Tove', 'Uma', 'Vik', 'Wen', 'Yara', 'Zeno'];
export const LAST_NAMES = ['Andersen', 'Berg', 'Costa', 'Dubois', 'Eriksen', 'Fischer', 'Garcia', 'Haddad', 'Ito', 'Jansen', 'Kowalski', 'Lopez', 'Moreau', 'Novak', 'Okafor', 'Petrov', 'Rossi', 'Schmidt', 'Tanaka', 'Weber'];
export const COMPANY_WORDS = ['Acme', 'Blue', 'Cedar', 'Delta', 'Ember', 'Fjord', 'Granite', 'Harbor', 'Iris', 'Juniper', 'Kestrel', 'Lumen', 'Maple', 'Nova', 'Orbit', 'Pine', 'Quartz', 'River', 'Summit', 'Tidal'];
export const COMPANY_SUFFIXES = ['GmbH', 'Ltd', 'AG', 'Inc', 'BV', 'SAS', 'AB', 'Oy'];
export const ACCOUNT_MANAGERS = ['Alex Moreau', 'Birgit Lund', 'Carlos Vega', 'Dilnaz Ospanova', 'Elif Kaya'];
export const AGENTS = ['agent-01', 'agent-02', 'agent-03', 'agent-04', 'agent-05', 'agent-06', 'agent-07', 'agent-08'];
export const INBOUND_TOPICS = ['invoice question', 'order status', 'product question', 'technical support', 'account change', 'contract renewal'];
export const OUTBOUND_TOPICS = ['onboarding', 'check-in', 'renewal reminder', 'upsell offer', 'satisfaction survey', 'product update'];
export const WIN_BACK_TOPIC = 'win-back offer';
export const WIN_BACK_CHANNELS = ['email', 'phone', 'sales', 'campaign'];

export const COMPLAINT_DESCRIPTIONS: Readonly<Record<ComplaintCategory, readonly string[]>> = {
  product: ['item arrived defective', 'feature does not work as described', 'quality below expectations'],
  service: ['support did not call back', 'rude answer on the hotline', 'ticket closed without a fix'],
  billing: ['double charge', 'invoice amount wrong', 'refund not received'],
  delivery: ['parcel late', 'parcel lost', 'wrong item delivered'],
  other: ['privacy concern', 'website unusable', 'general dissatisfaction'],
};
export const RESOLUTIONS: Readonly<Record<ComplaintCategory, readonly string[]>> = {
  product: ['replacement sent', 'fix released', 'partial refund'],
  service: ['apology and callback', 'escalated and fixed', 'service credit'],
  billing: ['refunded', 'invoice corrected', 'credit note issued'],
  delivery: ['reshipped', 'refunded shipping', 'delivered with voucher'],
  other: ['explained and closed', 'goodwill voucher', 'forwarded to product team'],
};

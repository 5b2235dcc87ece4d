import type { LifelineConfig } from '@lifeline/config';
import { DEFAULT_COMPLAINT_SLA, type ComplaintSlaPolicy } from '@lifeline/customers/domain';

/** The defaults with LIFELINE_COMPLAINT_SLA's overrides applied, per severity. */
export function complaintSlaPolicy(config: LifelineConfig): ComplaintSlaPolicy {
  return { ...DEFAULT_COMPLAINT_SLA, ...config.complaints.slaOverrides } as ComplaintSlaPolicy;
}

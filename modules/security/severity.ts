/**
 * Finding severities, and how each service expresses them (one home; the config schema and the
 * findings rules import them).
 */
/** Finding severities, lowest first, as GuardDuty, Security Hub and Inspector label them. */
export const SEVERITY_LABELS = ["LOW", "MEDIUM", "HIGH", "CRITICAL"] as const;
export type SeverityLabel = (typeof SEVERITY_LABELS)[number];

/**
 * The lowest numeric GuardDuty severity of each label
 * (https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_findings-severity.html).
 */
export const GUARDDUTY_SEVERITY_FLOOR: Readonly<Record<SeverityLabel, number>> = { LOW: 1, MEDIUM: 4, HIGH: 7, CRITICAL: 9 };

/** The labels at or above `minimum`. */
export const severitiesFrom = (minimum: SeverityLabel): SeverityLabel[] => SEVERITY_LABELS.slice(SEVERITY_LABELS.indexOf(minimum));

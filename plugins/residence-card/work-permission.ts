import type { WorkPermission } from './model';

export interface WorkPermissionLine {
  /** Message key of the label ("包括許可"), when the line has one. */
  readonly labelKey?: string;
  readonly valueKey: string;
  readonly values?: Record<string, string>;
}

/**
 * The wording of the official app (Windows manual §5.1 (6)): 1st-gen cards show one sentence per permission,
 * 2nd-gen and 特定 cards show labelled lines, with the expiry of a comprehensive permission.
 */
export function describeWorkPermission(permission: WorkPermission): WorkPermissionLine[] {
  const lines: WorkPermissionLine[] = [];
  if (permission.generation === 1) {
    if (permission.comprehensive.trim()) lines.push({ valueKey: 'workPermission.gen1Comprehensive' });
    if (permission.individual.trim()) lines.push({ valueKey: 'workPermission.gen1Individual' });
  } else {
    if (permission.comprehensive !== '0') {
      lines.push({
        labelKey: 'workPermission.comprehensiveLabel',
        valueKey: permission.comprehensive === '1' ? 'workPermission.comprehensive28h' : 'workPermission.comprehensiveEducation',
      });
      const expiry = /^(\d{4})(\d{2})(\d{2})$/.exec(permission.comprehensiveExpiry);
      if (expiry) {
        lines.push({
          labelKey: 'workPermission.comprehensiveExpiryLabel',
          valueKey: 'workPermission.date',
          values: { year: expiry[1]!, month: expiry[2]!, day: expiry[3]! },
        });
      }
    }
    if (permission.individual === '1') lines.push({ labelKey: 'workPermission.individualLabel', valueKey: 'workPermission.individual' });
  }
  return lines.length > 0 ? lines : [{ valueKey: 'workPermission.none' }];
}

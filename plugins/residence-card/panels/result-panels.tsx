import type { PluginI18n, ResultPanelProps } from '../../../kernel/api';
import type { ResidenceCardDetails } from '../model';
import { describeWorkPermission } from '../work-permission';

/** 資格外活動許可: the manual's wording for the card's generation. */
export function createWorkPermissionPanel(i18n: PluginI18n) {
  return function WorkPermissionPanel({ result }: ResultPanelProps) {
    const permission = (result.details as ResidenceCardDetails).workPermission;
    if (!permission) return null;
    return (
      <section class="panel work-permission" aria-labelledby="work-permission-title">
        <h2 id="work-permission-title">{i18n.t('panels.workPermission.title')}</h2>
        <ul>
          {describeWorkPermission(permission).map((line) => (
            <li key={line.valueKey + (line.labelKey ?? '')}>
              {line.labelKey ? i18n.t('panels.workPermission.labelled', { label: i18n.t(line.labelKey) }) : ''}
              {i18n.t(line.valueKey, line.values)}
            </li>
          ))}
        </ul>
      </section>
    );
  };
}

/** 住居地 (1st generation only): the address history written on the back of the card. */
export function createAddressPanel(i18n: PluginI18n) {
  return function AddressPanel({ result }: ResultPanelProps) {
    const details = result.details as ResidenceCardDetails;
    if (details.generation !== 1) return null;
    const history = details.addressHistory;
    return (
      <section class="panel address" aria-labelledby="address-title">
        <h2 id="address-title">{i18n.t('panels.address.title')}</h2>
        {history.length === 0 && <p class="address-none">{i18n.t('panels.address.none')}</p>}
        <ol>
          {history.map((entry, index) => (
            <li key={index}>
              <span class="address-date">{formatDate(entry.date)}</span> <span class="address-text">{entry.address}</span>
            </li>
          ))}
        </ol>
        <p class="note">{i18n.t('panels.address.note')}</p>
      </section>
    );
  };
}

function formatDate(yyyymmdd: string): string {
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(yyyymmdd);
  return match ? `${match[1]}/${match[2]}/${match[3]}` : yyyymmdd;
}

import { isValidCardNumber, normaliseCardNumberInput } from '../../kernel/api';
import { describeWorkPermission } from './work-permission';

/** What `activate` returns to dependent plugins (special-permanent, third-party card types). */
export interface ResidenceCardApi {
  readonly apiVersion: 1;
  readonly normaliseCardNumberInput: typeof normaliseCardNumberInput;
  readonly isValidCardNumber: typeof isValidCardNumber;
  readonly describeWorkPermission: typeof describeWorkPermission;
}

export const residenceCardApi: ResidenceCardApi = {
  apiVersion: 1,
  normaliseCardNumberInput,
  isValidCardNumber,
  describeWorkPermission,
};

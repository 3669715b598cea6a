/**
 * Which classifications hold personal data: the line the custody rules (RES-05, RES-06) and NET-03 draw.
 */
import type { Classification } from '../../model';
import type { StackContext } from '../stack-rule';

/** Classifications that hold no personal data; every other one, including any added later, is "personal or above". */
const WITHOUT_PERSONAL_DATA = ['public', 'internal'];

/**
 * True for classifications at or above `personal` in the order of the bundled classifications (personal, health,
 * social-security, health-research, classified). Unknown ids count as personal data: a new classification is protected until
 * someone says otherwise.
 */
export function holdsPersonalData(c: Classification): boolean {
  return !WITHOUT_PERSONAL_DATA.includes(c.id);
}

/** Why a custody rule judges the context's classification, in words. */
export const protectedClasses = (ctx: StackContext) => `classification ${ctx.classification.id} holds personal data (only public and internal data may)`;

import { randomInt } from 'node:crypto';
import type { Core } from '@strapi/strapi';

/** The demo's editor login. Change it in the admin (Settings → Users) for real use. */
export const demoAdminEmail = 'editor@iro-network.example';

/** A password Strapi accepts (upper, lower, digit; 8+ characters), from a CSPRNG, without look-alike characters. */
export function generatePassword(length = 20): string {
  const sets = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnpqrstuvwxyz', '23456789'];
  const all = sets.join('');
  const chars = sets.map((set) => set[randomInt(set.length)]!);
  while (chars.length < length) chars.push(all[randomInt(all.length)]!);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join('');
}

/**
 * Creates the first admin (super admin) when the CMS has none, so the demo needs no sign-up
 * form and never ships a known password. Returns the login to show once, or undefined when an
 * admin exists already.
 */
export async function ensureFirstAdmin(strapi: Core.Strapi): Promise<{ email: string; password: string } | undefined> {
  const users = strapi.service('admin::user') as unknown as {
    exists(): Promise<boolean>;
    createFirstAdmin(attributes: Record<string, unknown>): Promise<unknown>;
  };
  if (await users.exists()) return undefined;
  const password = generatePassword();
  await users.createFirstAdmin({ email: demoAdminEmail, firstname: 'Demo', lastname: 'Editor', password });
  return { email: demoAdminEmail, password };
}

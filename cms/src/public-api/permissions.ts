import type { Core } from '@strapi/strapi';
import { contentTypes, type ContentTypeName } from '@iro/content-types';

/** Every action the public (unauthenticated) role may take: reads of public content types. */
export function publicActions(): string[] {
  return (Object.keys(contentTypes) as ContentTypeName[])
    .filter((name) => contentTypes[name].audience === 'public')
    .flatMap((name) => {
      const actions = contentTypes[name].kind === 'singleType' ? ['find'] : ['find', 'findOne'];
      return actions.map((action) => `api::${name}.${name}.${action}`);
    });
}

/**
 * Sets the public role's permissions on our API to exactly `publicActions()`, at every boot.
 * Grants that are missing are added; grants on our API that are not in the list (say a private
 * type ticked by hand in the admin) are removed, so visitors' data can never be opened by a
 * stray click. Plugins' own public routes (e.g. the users-permissions auth routes) are left alone.
 */
export async function applyPublicPermissions(strapi: Core.Strapi): Promise<void> {
  const roles = strapi.db.query('plugin::users-permissions.role');
  const permissions = strapi.db.query('plugin::users-permissions.permission');
  const role = await roles.findOne({ where: { type: 'public' } });
  if (!role) throw new Error('The users-permissions public role is missing.');

  const wanted = new Set(publicActions());
  const granted: { id: number; action: string }[] = await permissions.findMany({ where: { role: role.id } });
  const grantedActions = new Set(granted.map((permission) => permission.action));

  for (const permission of granted) {
    if (permission.action.startsWith('api::') && !wanted.has(permission.action)) {
      strapi.log.warn(`Public role: removing "${permission.action}", which is not a public read.`);
      await permissions.delete({ where: { id: permission.id } });
    }
  }
  for (const action of wanted) {
    if (!grantedActions.has(action)) await permissions.create({ data: { action, role: role.id } });
  }
}

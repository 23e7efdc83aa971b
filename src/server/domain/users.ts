import { createHash, timingSafeEqual } from 'node:crypto';
import type { UserConfig } from '../config.ts';
import type { Registry } from './registry.ts';

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

// Compared against when the email is unknown, so both answers take the same work.
const NO_USER_PASSWORD = digest('\u0000no user\u0000');

/**
 * The password check. Unknown email and wrong password look the same to the caller (and take
 * about the same time): the login page must not reveal which accounts exist.
 */
export function authenticateUser(
  registry: Registry,
  email: string,
  password: string,
): UserConfig | undefined {
  const user = registry.userByEmail(email);
  const expected = user ? digest(user.password) : NO_USER_PASSWORD;
  const matches = timingSafeEqual(expected, digest(password));
  return user && matches ? user : undefined;
}

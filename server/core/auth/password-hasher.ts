// How passwords are hashed and checked: an interface, so the account service can be tested with a fast
// stand-in; the server passes nuxt-auth-utils' scrypt (hashPassword / verifyPassword, see session.ts).
export interface PasswordHasher {
  hash(password: string): Promise<string>
  verify(hash: string, password: string): Promise<boolean>
}

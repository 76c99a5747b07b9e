/** The server's password rule (identity::Password), checked before sending. */
export function passwordProblem(password: string): 'length' | 'uppercase' | 'lowercase' | 'digit' | null {
  if (password.length < 8) return 'length';
  if (!/[A-Z]/.test(password)) return 'uppercase';
  if (!/[a-z]/.test(password)) return 'lowercase';
  if (!/[0-9]/.test(password)) return 'digit';
  return null;
}

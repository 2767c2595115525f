import { passwordProblem, usernameProblem } from '../../shared/users/rules';
import { inputError } from '../errors';

/** PCI DSS v4 8.3.6 and the common-password list; throws E_INPUT saying why, in both languages. */
export function assertPasswordAcceptable(password: string, username: string): void {
  const problem = passwordProblem(password, username);
  if (problem) throw inputError(problem.key, problem.params);
}

export function assertUsername(username: string): void {
  const problem = usernameProblem(username);
  if (problem) throw inputError(problem.key, problem.params);
}

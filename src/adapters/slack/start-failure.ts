import { AmicusError, ErrorCode } from '../../core/errors.js';
import { unreachableReason } from '../../core/network-errors.js';
import { describeFailure, slackErrorCode } from './failure-reasons.js';

export const defaultSlackApiUrl = 'https://slack.com/api/';

/** Slack's answers to `auth.test` (or any call) that mean the token itself is not accepted. */
const rejectedTokenCodes = new Set([
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'not_allowed_token_type',
]);

/**
 * Why the bot could not start, told truthfully: nothing answered at the API address (network,
 * DNS, timeout), Slack refused the token (a platform error or HTTP 401/403), or Slack answered
 * with some other failure. `what` names the secret the call used.
 */
export function slackStartFailure(
  error: unknown,
  apiUrl: string,
  secret: 'SLACK_BOT_TOKEN' | 'SLACK_APP_TOKEN',
): AmicusError {
  const unreachable = unreachableReason(error);
  if (unreachable !== undefined) {
    return new AmicusError(
      ErrorCode.ProviderFailure,
      `Could not reach Slack at ${apiUrl} (${unreachable}); check the network connection${apiUrl === defaultSlackApiUrl ? '' : ' and slack.apiUrl'}`,
      { cause: error, location: 'slack.apiUrl' },
    );
  }
  const code = slackErrorCode(error);
  const status = (error as { statusCode?: unknown }).statusCode;
  const token = secret === 'SLACK_BOT_TOKEN' ? 'bot token' : 'app-level token';
  if ((code !== undefined && rejectedTokenCodes.has(code)) || status === 401 || status === 403) {
    return new AmicusError(
      ErrorCode.ConfigInvalid,
      `Slack rejected the ${token} (${code ?? `HTTP ${String(status)}`}); check ${secret} and that the app is installed in the workspace`,
      { cause: error, location: secret },
    );
  }
  const detail = code ?? (typeof status === 'number' ? `HTTP ${status}` : describeFailure(error).code);
  return new AmicusError(
    ErrorCode.ProviderFailure,
    `Slack at ${apiUrl} failed the start-up check (${detail}); try again shortly`,
    {
      cause: error,
      location: secret,
    },
  );
}

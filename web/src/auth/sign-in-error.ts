/**
 * What `/auth/callback` shows when a Cognito sign-in cannot be completed: one sentence that says why,
 * and the one action that helps, a fresh sign-in (the old callback URL can never be used again).
 */
import { t } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/messages.js';
import { h } from '../ui/dom.js';
import { CognitoSignInError, type SignInFailure } from './cognito.js';

const SENTENCES: Record<SignInFailure, MessageKey> = {
  STATE_MISMATCH: 'signInStateMismatch',
  DENIED: 'signInDenied',
  TOKEN_REFUSED: 'signInTokenRefused',
  UNREACHABLE: 'signInCognitoUnreachable',
  NO_ID_TOKEN: 'signInNoIdToken',
};

export function signInErrorView(error: unknown): HTMLElement {
  const failure = error instanceof CognitoSignInError ? error : undefined;
  const sentence = failure
    ? t(SENTENCES[failure.reason], { code: failure.code ?? '?' })
    : error instanceof Error
      ? error.message
      : String(error);
  return h(
    'div',
    { class: 'status error', role: 'alert', 'data-testid': 'sign-in-error', 'data-reason': failure?.reason ?? 'CLIENT' },
    h('p', { class: 'error-sentence' }, sentence),
    failure?.description ? h('p', { class: 'error-detail' }, t('errorDetail', { message: failure.description })) : null,
    h('a', { class: 'button', href: '/sign-in' }, t('signInAgain')),
  );
}

/**
 * The dashboard's paths that Cognito redirects to. The CDK stack registers exactly these as the app
 * client's callback and sign-out URLs (Cognito compares them byte for byte), so both read them here.
 */
export const CALLBACK_PATH = '/auth/callback';
/** Where Cognito's `/logout` returns to: the start page, which begins a fresh sign-in. */
export const SIGNED_OUT_PATH = '/';

/** The OAuth scopes the dashboard asks for: `openid` puts the attributes the client may read (`custom:region`) in the ID token. */
export const COGNITO_SCOPES = ['openid', 'email'] as const;

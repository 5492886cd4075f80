/**
 * Local sign-in: pick a role and a region; the local server (`npm start`) answers
 * POST /local/token `{ role, region }` with `{ token }`, a development token for that identity.
 */
import { referenceProvinces } from '../auth/reference-regions.js';
import { ROLES, saveSession, type Role } from '../auth/session.js';
import type { LocalAuthConfig } from '../config.js';
import { t } from '../i18n/i18n.js';
import { landingPath, safeReturnPath } from '../router.js';
import { h, replaceChildren } from '../ui/dom.js';

export function signInPage(options: {
  main: HTMLElement;
  auth: LocalAuthConfig;
  query: URLSearchParams;
  onSignedIn: (path: string) => void;
}): void {
  const provinces = referenceProvinces();
  const role = h(
    'select',
    { name: 'role', id: 'sign-in-role', 'data-testid': 'sign-in-role' },
    ROLES.map((r) => h('option', { value: r, selected: r === 'PROVINCE' }, t(`role${r}`))),
  );
  const region = h('select', { name: 'region', id: 'sign-in-region', 'data-testid': 'sign-in-region' });
  const message = h('p', { class: 'form-error', role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'button primary' }, t('signIn'));

  // The scopes a role can have: the ministry sees the country, a regency government its regency.
  const fillRegions = () => {
    const r = role.value as Role;
    const all = h('option', { value: '' }, t('allRegions'));
    const provinceOptions = provinces.map((p) => h('option', { value: p.code }, `${p.name} (${p.code})`));
    const regencyGroups = provinces.map((p) =>
      h(
        'optgroup',
        { label: p.name },
        p.regencies.map((x) => h('option', { value: x.code }, `${x.name} (${x.code})`)),
      ),
    );
    replaceChildren(
      region,
      r === 'MINISTRY' ? all : null,
      r === 'PUBLIC' ? [all, ...provinceOptions] : null,
      r === 'PROVINCE' ? provinceOptions : null,
      r === 'REGENCY' ? regencyGroups : null,
      // A national auditor (BPK) reads the query audit log and the import ledger; an inspectorate has a region.
      r === 'AUDITOR' ? [all, ...provinceOptions, ...regencyGroups] : null,
    );
    region.disabled = r === 'MINISTRY';
  };
  role.addEventListener('change', fillRegions);
  fillRegions();

  const form = h(
    'form',
    { class: 'sign-in-form' },
    h('label', { for: 'sign-in-role' }, t('role')),
    role,
    h('label', { for: 'sign-in-region' }, t('region')),
    region,
    submit,
    message,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void (async () => {
      const body = { role: role.value as Role, region: region.value === '' ? null : region.value };
      submit.disabled = true;
      message.textContent = t('signingIn');
      try {
        const response = await fetch(options.auth.tokenUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        const answer = response.ok ? ((await response.json()) as { token?: unknown }) : {};
        if (typeof answer.token !== 'string' || answer.token === '') {
          message.textContent = t('signInFailed', { status: response.status });
          return;
        }
        const session = saveSession(answer.token, body);
        options.onSignedIn(safeReturnPath(options.query.get('returnTo')) ?? landingPath(session));
      } catch {
        message.textContent = t('signInUnreachable');
      } finally {
        submit.disabled = false;
      }
    })();
  });

  document.title = `${t('signInTitle')} · ${t('appTitle')}`;
  replaceChildren(
    options.main,
    h(
      'section',
      { class: 'card sign-in', 'data-testid': 'sign-in' },
      h('h1', {}, t('signInTitle')),
      h('p', { class: 'muted' }, t('signInExplain')),
      form,
    ),
  );
}

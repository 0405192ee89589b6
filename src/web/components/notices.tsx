import type { Locale } from '../i18n/index.js';
import { Alert } from './alert.js';

/** How an administrator imports organisations, shown while the federation is empty. */
export function ImportNotice({ locale, registerUrl }: { locale: Locale; registerUrl: string }) {
  const { t } = locale;
  return (
    <Alert type="info">
      <h2 class="utrecht-heading-2">{t.importNotice.heading}</h2>
      <p class="utrecht-paragraph">{t.importNotice.body}</p>
      <pre class="utrecht-code-block">
        <code class="utrecht-code-block__content">npx thorbecke import organisations --download</code>
      </pre>
      <p class="utrecht-paragraph">
        {t.importNotice.downloadFrom} <code class="utrecht-code">{registerUrl}</code>
      </p>
      <p class="utrecht-paragraph">{t.importNotice.fromFile}</p>
      <pre class="utrecht-code-block">
        <code class="utrecht-code-block__content">npx thorbecke import organisations FILE.csv</code>
      </pre>
      <p class="utrecht-paragraph">{t.importNotice.embedded}</p>
    </Alert>
  );
}

/** Shown where targets would be while no strategy has been applied. */
export function NoStrategyNotice({ locale }: { locale: Locale }) {
  const { t } = locale;
  return (
    <Alert type="warning">
      <h2 class="utrecht-heading-2">{t.noStrategy.heading}</h2>
      <p class="utrecht-paragraph">{t.noStrategy.body}</p>
      <pre class="utrecht-code-block">
        <code class="utrecht-code-block__content">npx thorbecke strategy apply strategy/nds.yaml</code>
      </pre>
    </Alert>
  );
}

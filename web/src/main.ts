/** Entry point: configuration, language, then the application shell. */
import { configureClient } from './api/client.js';
import { startApp } from './app.js';
import { loadConfig } from './config.js';
import { language, setLanguage } from './i18n/i18n.js';
import './styles.css';

const root = document.getElementById('app')!;
setLanguage(language());
loadConfig()
  .then((config) => {
    configureClient({ url: config.graphqlUrl });
    startApp(root, config);
  })
  .catch((error: unknown) => {
    root.textContent = `Konfigurasi dasbor tidak dapat dibaca / The dashboard configuration cannot be read: ${error instanceof Error ? error.message : String(error)}`;
  });

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@fontsource/noto-sans/400.css';
import '@fontsource/noto-sans/600.css';
import './styles.css';
import { t, resolveLocale } from '../../shared/i18n';
import { App } from './App';
import { bridge } from './bridge';
import { createAppStore } from './store/store';
import { StoreProvider } from './store/StoreContext';

const root = createRoot(document.getElementById('root')!);
const api = bridge();

if (!api) {
  root.render(
    <p className="fatal" role="alert">
      {t(resolveLocale(navigator.language), 'bridge.missing')}
    </p>,
  );
} else {
  const store = createAppStore();
  root.render(
    <StrictMode>
      <StoreProvider store={store}>
        <App api={api} />
      </StoreProvider>
    </StrictMode>,
  );
}

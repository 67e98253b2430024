import { useEffect } from 'react';
import { Login, LoginForm, PasswordInput, TextInput, email, required, useTranslate } from 'react-admin';
import { preloadCharts } from '../dashboard/prefetch';

/**
 * Sign-in with an email address (the server's `/api/auth/login` takes `{ email, password }`).
 * The dashboard's chart modules load while the user types (`preloadCharts`).
 */
export const LoginPage = () => {
  const translate = useTranslate();
  useEffect(preloadCharts, []);
  return (
    <Login>
      <LoginForm>
        <TextInput
          autoFocus
          source="email"
          type="email"
          label={translate('app.auth.email')}
          autoComplete="username"
          validate={[required(), email()]}
        />
        <PasswordInput source="password" label={translate('ra.auth.password')} autoComplete="current-password" validate={required()} />
      </LoginForm>
    </Login>
  );
};

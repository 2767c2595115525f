import { Input } from 'antd';
import type { ComponentProps } from 'react';

/**
 * antd's password input with its reveal button out of the Tab order: Tab goes from the password
 * straight to the next field (as people type a password and its confirmation), while the button
 * still works with the mouse and is named for screen readers ("显示密码" / "隐藏密码", from the
 * antd locale set in App.tsx).
 */
export function PasswordInput(props: ComponentProps<typeof Input.Password>) {
  return <Input.Password visibilityToggle={{ tabIndex: -1 }} {...props} />;
}

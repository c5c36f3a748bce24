import type { Language } from '@nfc/shared';
import { accountsText, type AccountsKey } from '../../i18n/pro-accounts';

/** The minimum the API asks of a password (auth/password.ts). */
export const MIN_PASSWORD_LENGTH = 12;

/** One error of a form: the field's id (also its input's id), its label and the message. */
export interface FieldProblem {
  field: string;
  label: string;
  message: string;
}

/** The errors of a form, collected all at once, in the order of its fields. */
export class FormProblems {
  readonly list: FieldProblem[] = [];

  constructor(
    private readonly language: Language,
    private readonly labels: Record<string, string>,
  ) {}

  add(field: string, key: AccountsKey): void {
    if (this.of(field)) return;
    this.list.push({ field, label: this.labels[field] ?? field, message: accountsText(this.language, key) });
  }

  of(field: string): string | undefined {
    return this.list.find((problem) => problem.field === field)?.message;
  }

  get any(): boolean {
    return this.list.length > 0;
  }

  /** Sorted as the form lists its fields. */
  sorted(): FieldProblem[] {
    const order = Object.keys(this.labels);
    return [...this.list].sort((a, b) => order.indexOf(a.field) - order.indexOf(b.field));
  }
}

export function requireText(problems: FormProblems, field: string, value: string, max = 120): void {
  if (!value.trim()) problems.add(field, 'field.required');
  else if (value.trim().length > max) problems.add(field, 'field.tooLong');
}

export function checkEmail(problems: FormProblems, field: string, value: string): void {
  if (!value.trim()) problems.add(field, 'field.required');
  else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value.trim()) || value.length > 254) problems.add(field, 'field.email');
}

/** A new password and its confirmation. */
export function checkNewPassword(problems: FormProblems, field: string, confirmField: string, password: string, confirmation: string): void {
  if (!password) problems.add(field, 'field.required');
  else if (password.length < MIN_PASSWORD_LENGTH) problems.add(field, 'field.passwordShort');
  else if (password.length > 256) problems.add(field, 'field.passwordLong');
  if (!confirmation) problems.add(confirmField, 'field.required');
  else if (password && confirmation !== password) problems.add(confirmField, 'field.confirmMismatch');
}

/** A string field of a posted form. */
export function formText(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}

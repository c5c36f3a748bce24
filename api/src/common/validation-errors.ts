import type { ValidationError } from 'class-validator';
import type { FieldError } from './errors';

/** class-validator's nested errors as flat field paths ("title.fr", "place.communeInsee"). */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

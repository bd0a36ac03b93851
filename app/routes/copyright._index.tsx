/**
 * /copyright: the copyright console starts at the works registry and stance (issue 13); the other
 * tabs (claims, banks, rescans, disputes) are linked from there.
 */
import { redirect } from '@remix-run/node';

export function loader() {
  return redirect('/copyright/works');
}

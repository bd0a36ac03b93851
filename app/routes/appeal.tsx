/** The old appeal demo's address: the demo creator app's appeal screen replaces it (the query string, e.g. ?as=, is kept). */
import { redirect, type LoaderFunctionArgs } from '@remix-run/node';

export function loader({ request }: LoaderFunctionArgs) {
  return redirect(`/demo/appeal${new URL(request.url).search}`, 301);
}

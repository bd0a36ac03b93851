import { redirect, type LoaderFunctionArgs } from '@remix-run/node';
import { staffForRequest } from '../services/sessions.server';

export async function loader({ request, context }: LoaderFunctionArgs) {
  const staff = await staffForRequest(context.db, request);
  return redirect(staff ? '/queues' : '/feed');
}

/** /api/v1/*: the app-facing API for client apps (app key + acting creator); every call goes to one dispatcher. */
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { dispatchApiRequest } from '../services/app-api/dispatch.server';
import { API_V1_ENDPOINTS } from '../services/app-api/endpoints/index.server';

export function loader({ request, context }: LoaderFunctionArgs) {
  return dispatchApiRequest(request, { ctx: context, endpoints: API_V1_ENDPOINTS });
}

export function action({ request, context }: ActionFunctionArgs) {
  return dispatchApiRequest(request, { ctx: context, endpoints: API_V1_ENDPOINTS });
}

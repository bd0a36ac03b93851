/**
 * Every endpoint of the app-facing API v1, in the order the OpenAPI description lists them. A new
 * endpoint is added to its area's file; test/app/api-v1-openapi.test.ts checks that the document
 * and the dispatcher agree.
 */
import type { ApiEndpoint } from '../endpoint';
import { approvalEndpoints } from './approvals.server';
import { cameoEndpoints } from './cameos.server';
import { faceEnrolmentEndpoints } from './face-enrolment.server';
import { complaintEndpoints } from './complaints.server';
import { copyrightClaimEndpoints } from './copyright-claims.server';
import { copyrightDisputeEndpoints } from './copyright-disputes.server';
import { followEndpoints } from './follows.server';
import { likenessEndpoints } from './likeness.server';
import { notificationEndpoints } from './notifications.server';
import { requestEndpoints } from './requests.server';
import { videoEndpoints } from './videos.server';

export const API_V1_ENDPOINTS: readonly ApiEndpoint[] = [
  ...requestEndpoints,
  ...cameoEndpoints,
  ...faceEnrolmentEndpoints,
  ...approvalEndpoints,
  ...likenessEndpoints,
  ...videoEndpoints,
  ...notificationEndpoints,
  ...followEndpoints,
  ...complaintEndpoints,
  ...copyrightClaimEndpoints,
  ...copyrightDisputeEndpoints,
];

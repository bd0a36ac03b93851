/**
 * The review screen: one item with everything a reviewer needs to decide it (the prompt and its
 * screening, source image, consent, lineage, the creator's record, the clip), the lease, the
 * decision form and the item's history. The parts are in app/components/review/; this module loads
 * the item, holds the page's shared state (error sentence, revealed media, filters) and lays it out.
 */
import type { LoaderFunctionArgs, MetaFunction, SerializeFrom } from '@remix-run/node';
import { Link, useLoaderData, useSearchParams } from '@remix-run/react';
import { useCallback, useEffect, useState } from 'react';
import { KeyboardMap } from '../components/keyboard-map';
import { ClipCard } from '../components/review/clip-card';
import { CopyrightClaimReview } from '../components/review/copyright-claim-review';
import { AppealCard, UserReports } from '../components/review/complaint-cards';
import { kindTitle } from '../components/review/decision-choices';
import { DecisionForm } from '../components/review/decision-form';
import { FacesPanel } from '../components/review/faces-panel';
import { CopyrightMatchesPanel } from '../components/review/copyright-matches-panel';
import { HistoryTimeline } from '../components/review/history-timeline';
import { LeaseBar } from '../components/review/lease-bar';
import { LikenessComplaintCard } from '../components/review/likeness-complaint-card';
import { PromptScreening } from '../components/review/prompt-screening';
import { ConsentTable, CreatorRecord, RemixLineage } from '../components/review/request-background';
import { SourceImagePanel } from '../components/review/source-image-panel';
import { useItemLease } from '../components/review/use-item-lease';
import { useReviewDecision } from '../components/review/use-review-decision';
import { useReviewKeyboard } from '../components/review/use-review-keyboard';
import type { WellnessSettings } from '../components/wellness-media';
import { errorMessage, trpcClient } from '../trpc/client';
import { orHttpError, staffCallerFor } from '../trpc/caller.server';
import { roleMayDo } from '../../policies/staff-access';

export const meta: MetaFunction = () => [{ title: 'Review · Loupe' }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { trpc, staff } = await staffCallerFor(request, context);
  // Issue 13: a copyright claim's item has no request; it opens the claim's own layout.
  const claim = await orHttpError(trpc.copyrightClaims.claimOfItem({ itemId: params.itemId ?? '' }));
  if (claim) {
    const [screen, wellness] = await Promise.all([orHttpError(trpc.copyrightClaims.reviewScreen({ itemId: params.itemId ?? '' })), orHttpError(trpc.review.wellness())]);
    const canDecide = screen.item.allowed_roles.includes(staff.role);
    const colleagues = canDecide && screen.item.state === 'open' ? await orHttpError(trpc.review.colleagues({ itemId: screen.item.id })) : [];
    return { subject: 'copyright_claim' as const, screen, canDecide, mayForceRelease: roleMayDo(staff.role, 'admin'), wellness, colleagues, me: { id: staff.id, email: staff.email } };
  }
  const [detail, wellness] = await Promise.all([
    orHttpError(trpc.review.item({ itemId: params.itemId ?? '' })),
    orHttpError(trpc.review.wellness()),
  ]);
  const canDecide = detail.item.allowed_roles.includes(staff.role);
  const colleagues = canDecide && detail.item.state === 'open' ? await orHttpError(trpc.review.colleagues({ itemId: detail.item.id })) : [];
  // Admins may end anyone's claim (review.forceRelease), for example one left by someone away.
  const mayForceRelease = roleMayDo(staff.role, 'admin');
  return { subject: 'request' as const, detail, canDecide, mayForceRelease, wellness, colleagues, me: { id: staff.id, email: staff.email } };
}

type LoaderData = SerializeFrom<typeof loader>;

export default function ReviewItem() {
  const data = useLoaderData<typeof loader>();
  return data.subject === 'copyright_claim' ? <CopyrightClaimReview data={data} /> : <RequestReview data={data} />;
}

/** The screen of an item about a generation request (every kind but a copyright claim). */
function RequestReview({ data }: { data: Extract<LoaderData, { subject: 'request' }> }) {
  const { detail, canDecide, mayForceRelease, wellness, colleagues, me } = data;
  const { item, request, screening, consent, video, keyframes, lineage, timeline, neighbours, creator, lease, reports, appeal, sourceImage, visualClassifier, likenessComplaint, faces, audio } = detail;
  const [params] = useSearchParams();
  const session = params.get('session');
  const [error, setError] = useState<string | null>(null);
  const [revealed, setRevealed] = useState(false);
  const [showKeys, setShowKeys] = useState(false);
  const [settings, setSettings] = useState(wellness.effective);
  const open = item.state === 'open';
  const mine = lease?.staffId === me.id;
  const heldByOther = lease !== null && !mine;
  const mayAct = canDecide && open && !heldByOther;

  const decision = useReviewDecision({ item, mayAct, session, setError });
  const { info, leaseAction } = useItemLease({ itemId: item.id, mine, open, setError });
  const toggleRevealed = useCallback(() => setRevealed((value) => !value), []);
  const toggleKeys = useCallback(() => setShowKeys((value) => !value), []);
  const closeKeys = useCallback(() => setShowKeys(false), []);
  useReviewKeyboard({
    mayAct, canDecide, open, leased: lease !== null, mine, choice: decision.choice, neighbours, session, reasonSelect: decision.reasonSelect,
    pickReason: decision.pickReason, submit: decision.submit, leaseAction, toggleKeys, closeKeys, toggleRevealed,
  });

  // A new item: hide the media again and forget the last item's error.
  useEffect(() => {
    setRevealed(false);
    setError(null);
  }, [item.id]);

  const saveWellness = async (next: WellnessSettings) => {
    setSettings(next);
    try {
      await trpcClient.review.saveWellness.mutate({ blurPx: next.blurPx, greyscale: next.greyscale, muted: next.muted });
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };

  return (
    <div className="page review">
      {showKeys && <KeyboardMap onClose={closeKeys} />}
      <p className="crumbs">
        <Link to={`/queues/${item.queue_id}`}>← {item.queue_name}</Link>
        <span className="muted"> · <button type="button" className="link" onClick={() => setShowKeys(true)}>Keyboard shortcuts <kbd>?</kbd></button></span>
        {neighbours.previous && <Link to={`/review/${neighbours.previous}`}> · previous <kbd>k</kbd></Link>}
        {neighbours.next && <Link to={`/review/${neighbours.next}`}> · next <kbd>j</kbd></Link>}
      </p>
      <h1>
        {kindTitle(item.kind)} <span className={`state ${item.state}`}>{item.state}</span>
      </h1>
      <p className="muted">
        {item.queue_name} · request <code>{request.id}</code> · by @{request.handle} ({request.age_band}) · version {item.version}
        {item.escalated_at && ` · escalated${item.escalation_reason ? `: ${item.escalation_reason}` : ''}`}
      </p>

      <LeaseBar
        lease={lease} mine={mine} heldByOther={heldByOther} controls={canDecide && open} mayForceRelease={mayForceRelease && open} colleagues={colleagues} info={info}
        onAction={(action, colleagueId) => void leaseAction(action, colleagueId)}
      />

      {appeal && <AppealCard appeal={appeal} request={request} />}
      {reports.length > 0 && <UserReports reports={reports} />}
      {likenessComplaint && <LikenessComplaintCard complaint={likenessComplaint} settings={settings} revealed={revealed} onToggle={toggleRevealed} />}

      <div className="columns">
        <section className="card">
          <h2>Prompt</h2>
          <PromptScreening prompt={request.prompt} screening={screening} flagReasons={item.flag_reasons} />
          <h3>Source image</h3>
          <SourceImagePanel sourceImage={sourceImage} settings={settings} revealed={revealed} onToggle={toggleRevealed} />
          <h3>Cameos and consent</h3>
          <ConsentTable consent={consent} />
          <h3>Faces</h3>
          <FacesPanel faces={faces} />
          <h3>Copyright matches</h3>
          <CopyrightMatchesPanel matches={detail.copyrightMatches} />
          <h3>Remix lineage</h3>
          <RemixLineage lineage={lineage} remixAllowed={video?.remix_allowed ?? null} />
          <h3>Creator @{request.handle}</h3>
          <CreatorRecord creator={creator} />
        </section>

        <ClipCard
          video={video} keyframes={keyframes} visualClassifier={visualClassifier} audio={audio} settings={settings} defaults={wellness.defaults}
          revealed={revealed} onToggle={toggleRevealed} onPreview={setSettings} onSave={(next) => void saveWellness(next)}
        />
      </div>

      <DecisionForm item={item} video={video} lease={lease} canDecide={canDecide} heldByOther={heldByOther} mayAct={mayAct} error={error} decision={decision} />

      <HistoryTimeline timeline={timeline} />
    </div>
  );
}

/**
 * Reviewer wellness: media starts blurred, greyscale and muted, and is revealed only on purpose
 * (click, or the R-for-reveal key on the review screen). It can be hidden again.
 */
import { useState } from 'react';

export function GuardedVideo({ src, revealed: controlled, onToggle }: { src: string; revealed?: boolean; onToggle?: () => void }) {
  const [own, setOwn] = useState(false);
  const revealed = controlled ?? own;
  const toggle = onToggle ?? (() => setOwn((value) => !value));
  return (
    <div className={`guarded ${revealed ? 'revealed' : 'hidden'}`} data-testid="guarded-video" data-revealed={revealed}>
      <video src={src} controls={revealed} muted={!revealed} playsInline loop preload="metadata" />
      {!revealed && (
        <button type="button" className="reveal" onClick={toggle}>
          Media hidden for your wellbeing · click to reveal <kbd>v</kbd>
        </button>
      )}
      {revealed && (
        <button type="button" className="link rehide" onClick={toggle}>Hide again <kbd>v</kbd></button>
      )}
    </div>
  );
}

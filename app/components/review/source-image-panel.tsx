/** An image-to-video request's source image behind the wellness filters, with its type, size and hash. */
import { describeBytes, SOURCE_IMAGE_TYPES } from '../../../policies/source-image';
import { WellnessImage, type WellnessSettings } from '../wellness-media';
import type { ReviewItemDetail } from './review-data';

export function SourceImagePanel(props: { sourceImage: ReviewItemDetail['sourceImage']; settings: WellnessSettings; revealed: boolean; onToggle: () => void }) {
  const { sourceImage, settings, revealed, onToggle } = props;
  if (!sourceImage) return <p className="muted">Text-to-video request: no source image.</p>;
  const type = SOURCE_IMAGE_TYPES[sourceImage.mime_type];
  return (
    <>
      <WellnessImage
        src={`/review/source-images/${sourceImage.sha256}.${type.extension}`}
        alt="The image this clip is generated from"
        width={sourceImage.width}
        height={sourceImage.height}
        settings={settings}
        revealed={revealed}
        onToggle={onToggle}
      />
      <dl className="facts" data-testid="source-image-facts">
        <dt>Image</dt><dd>{type.name}, {sourceImage.width}×{sourceImage.height} px, {describeBytes(sourceImage.byte_size)}</dd>
        <dt>SHA-256</dt><dd><code className="wrap">{sourceImage.sha256}</code></dd>
      </dl>
    </>
  );
}

/** A photo's thumbnail in the timeline (the photos feature's own), or an empty slot of its size. */
import { PhotoThumb } from '../photos/PhotoThumb';

export function PhotoSlot({
  sourceKey,
  index,
  size = 40,
}: {
  sourceKey: string | undefined;
  index: number;
  size?: number;
}) {
  if (sourceKey !== undefined)
    return <PhotoThumb sourceKey={sourceKey} index={index} size={size} />;
  return (
    <span className="tl-photo-slot" style={{ width: size, height: size }} aria-hidden="true" />
  );
}

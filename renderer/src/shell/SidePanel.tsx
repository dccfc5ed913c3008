/**
 * The left column: the evidence sources, and — once photos are imported — the photos and
 * camera clocks as a second tab, so the map keeps its width.
 */
import { useMemo, useState } from 'react';
import { useT } from '../i18n';
import { PhotosPanel } from '../photos/PhotosPanel';
import { photoSources } from '../photos/photoGeoJson';
import { SourcesPanel } from '../sources/SourcesPanel';
import { useApp } from '../store/StoreContext';

type SideTab = 'sources' | 'photos';

export function SidePanel({
  onReimportWithDate,
}: {
  onReimportWithDate: (key: string, date: string) => void;
}) {
  const tr = useT();
  const entries = useApp((s) => s.entries);
  const photoCount = useMemo(
    () => photoSources(entries).reduce((n, e) => n + (e.source.photos?.length ?? 0), 0),
    [entries],
  );
  const [tab, setTab] = useState<SideTab>('sources');
  const active: SideTab = photoCount > 0 ? tab : 'sources';

  return (
    <div className="side-panel">
      {photoCount > 0 && (
        <div className="side-tabs" role="tablist" aria-label={tr('side.tabs')}>
          <SideTabButton
            id="sources"
            active={active}
            onSelect={setTab}
            label={tr('side.sources')}
          />
          <SideTabButton
            id="photos"
            active={active}
            onSelect={setTab}
            label={tr('side.photos', { count: photoCount })}
          />
        </div>
      )}
      <div className="side-body" role={photoCount > 0 ? 'tabpanel' : undefined}>
        {active === 'sources' ? (
          <SourcesPanel onReimportWithDate={onReimportWithDate} />
        ) : (
          <PhotosPanel />
        )}
      </div>
    </div>
  );
}

function SideTabButton({
  id,
  active,
  onSelect,
  label,
}: {
  id: SideTab;
  active: SideTab;
  onSelect: (tab: SideTab) => void;
  label: string;
}) {
  return (
    <button
      type="button"
      role="tab"
      className="side-tab"
      aria-selected={active === id}
      data-testid={`side-tab-${id}`}
      onClick={() => onSelect(id)}
    >
      {label}
    </button>
  );
}

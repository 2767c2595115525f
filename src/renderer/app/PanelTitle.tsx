/** A card's title as a real heading (level 3 under the page's own title), styled as antd's. */
export function PanelTitle(props: { children: string }) {
  return <h3 className="lv-panel-title">{props.children}</h3>;
}

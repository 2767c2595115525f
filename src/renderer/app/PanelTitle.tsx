/** A card's title as a real heading (level 2 under the page's h1 title), styled as antd's. */
export function PanelTitle(props: { children: string }) {
  return <h2 className="lv-panel-title">{props.children}</h2>;
}

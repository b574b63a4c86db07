import { render } from 'preact';
import { App } from './app.tsx';
import './styles/base.css';
import './styles/layout.css';
import './styles/controls.css';
import './styles/cards.css';
import './styles/charts.css';
import './styles/tables.css';
import './styles/views.css';

render(<App />, document.getElementById('app')!);

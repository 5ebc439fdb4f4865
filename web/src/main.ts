// Entry of the dashboard bundle: registers every element (kkm-app imports the views).
import './components/kkm-app.js';
import './components/kkm-compliance-matrix.js';
import './components/kkm-trace-view.js';
import './components/kkm-receipt.js';

// Element Plus' stylesheet, loaded with the library when the layout is entered (element-plus.ts),
// then the portal's accessible palette over it (theme.css).
import 'element-plus/dist/index.css';
import './theme.css';
